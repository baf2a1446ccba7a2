-- The event log. Readers take events in commit-safe order, (tx_id, position),
-- and only below the oldest running transaction (DESIGN §1), so tx_id is
-- filled by the database, never by a client.

-- +goose Up
CREATE TABLE events (
    position    bigint      GENERATED ALWAYS AS IDENTITY,
    tx_id       xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream      text        NOT NULL CHECK (stream <> '' AND octet_length(stream) <= 255),
    version     bigint      NOT NULL CHECK (version >= 1),
    id          uuid        NOT NULL UNIQUE,
    type        text        NOT NULL CHECK (type <> '' AND octet_length(type) <= 255),
    data        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL DEFAULT '{}',
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, version)
);

CREATE INDEX events_commit_order ON events (tx_id, position);

-- +goose Down
DROP TABLE events;
