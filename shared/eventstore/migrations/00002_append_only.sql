-- The log is the only source of truth: the database itself refuses to change
-- or remove what it holds. Statement-level triggers fire even when no row
-- matches, so an attempt is always an error rather than a silent no-op.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is refused', TG_OP
        USING ERRCODE = 'EF403';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- +goose Down
DROP TRIGGER events_append_only ON events;
DROP FUNCTION events_refuse_change();
