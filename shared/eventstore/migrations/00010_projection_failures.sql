-- Poison events of projections: an event a read model's Apply refuses every
-- time. The runner stalls in front of it and records it here, so operators
-- see it (eventfn projections status) and can fix the model, skip the event
-- or rebuild. A row stays as history once resolved.

-- +goose Up
CREATE TABLE projection_failures (
    name        text        NOT NULL,
    tx_id       xid8        NOT NULL,
    position    bigint      NOT NULL,
    event_id    text        NOT NULL,
    event_type  text        NOT NULL,
    error       text        NOT NULL,
    attempts    bigint      NOT NULL DEFAULT 1,
    first_seen  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolution  text CHECK (resolution IN ('applied', 'skipped', 'rebuilt')),
    PRIMARY KEY (name, tx_id, position)
);

-- The runner resolves a projection's open failures on every checkpoint move.
CREATE INDEX projection_failures_open ON projection_failures (name) WHERE resolved_at IS NULL;

-- +goose Down
DROP TABLE projection_failures;
