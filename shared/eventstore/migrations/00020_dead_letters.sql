-- +goose Up
-- Events the broker gave up on, as the deadletter function received them.
-- One row per (event, destination): a redelivered dead letter counts up.
CREATE TABLE dead_letters (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_source     text        NOT NULL,
    event_id         text        NOT NULL,
    event_type       text        NOT NULL,
    error_dest       text        NOT NULL DEFAULT '',
    error_code       integer,
    error_data       text        NOT NULL DEFAULT '',
    event            jsonb       NOT NULL,
    received         integer     NOT NULL DEFAULT 1,
    first_received_at timestamptz NOT NULL DEFAULT now(),
    last_received_at timestamptz NOT NULL DEFAULT now(),
    redriven_at      timestamptz,
    UNIQUE (event_source, event_id, error_dest)
);

-- +goose Down
DROP TABLE dead_letters;
