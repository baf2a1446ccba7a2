-- Handled commands, keyed by the CloudEvent source and id that carried them.
-- A row is written in the same transaction as the events the command
-- produced; the events are immutable, so the stream and version range are
-- enough to replay the first outcome (event ids, types, token) on a retry.

-- +goose Up
CREATE TABLE commands (
    source        text        NOT NULL,
    id            text        NOT NULL,
    payload_hash  bytea       NOT NULL,
    stream        text        NOT NULL,
    first_version bigint      NOT NULL,
    last_version  bigint      NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, id),
    CHECK (first_version >= 1 AND last_version >= first_version)
);

-- +goose Down
DROP TABLE commands;
