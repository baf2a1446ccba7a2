-- Where each reader of the log (projection, relay) has got to: the
-- commit-safe position of the last event it took.

-- +goose Up
CREATE TABLE checkpoints (
    name       text        PRIMARY KEY,
    tx_id      xid8        NOT NULL DEFAULT '0',
    position   bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE checkpoints;
