-- Appends are now one statement sent by the client (eventstore/append.go):
-- calling the PL/pgSQL function of 00005 cost about twice as much per
-- append, and its NOTIFY serialised every appending commit on the
-- notification queue's lock. Stream names and command ids compare bytewise
-- ("C"): they are identifiers, not prose, and locale-aware comparison makes
-- every index insert and lookup on them slower on servers whose default
-- collation is not C.

-- +goose Up
DROP FUNCTION IF EXISTS eventstore_append(text, bigint, uuid[], text[], jsonb[], jsonb[], text, text, bytea);
ALTER TABLE events ALTER COLUMN stream SET DATA TYPE text COLLATE "C";
ALTER TABLE commands
    ALTER COLUMN source SET DATA TYPE text COLLATE "C",
    ALTER COLUMN id SET DATA TYPE text COLLATE "C",
    ALTER COLUMN stream SET DATA TYPE text COLLATE "C";

-- +goose Down
ALTER TABLE commands
    ALTER COLUMN source SET DATA TYPE text COLLATE "default",
    ALTER COLUMN id SET DATA TYPE text COLLATE "default",
    ALTER COLUMN stream SET DATA TYPE text COLLATE "default";
ALTER TABLE events ALTER COLUMN stream SET DATA TYPE text COLLATE "default";
-- The append function comes back by migrating down past 00005 and up again.
