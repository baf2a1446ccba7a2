-- One append is one statement, so it costs one round trip and runs in one
-- (implicit) transaction: record the command, check the expected version,
-- insert the events, wake listeners.
--
-- p_expected: -1 any version, 0 no stream, n > 0 exactly version n.
-- Errors: 23505 on events_pkey (someone else took the version),
-- EF409 (the stream is behind the expected version), EF422 (the command was
-- handled before with another payload).
-- Returns the appended events, or with duplicate = true the events the
-- command appended the first time.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION eventstore_append(
    p_stream text, p_expected bigint,
    p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[],
    p_cmd_source text, p_cmd_id text, p_cmd_hash bytea)
RETURNS TABLE (duplicate boolean, event_id uuid, event_type text, event_version bigint,
               event_tx_id xid8, event_position bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_base bigint := p_expected;
    v_cmd commands%ROWTYPE;
BEGIN
    IF p_expected < 0 THEN
        SELECT coalesce(max(e.version), 0) INTO v_base FROM events e WHERE e.stream = p_stream;
    END IF;
    IF p_cmd_id IS NOT NULL THEN
        INSERT INTO commands (source, id, payload_hash, stream, first_version, last_version)
        VALUES (p_cmd_source, p_cmd_id, p_cmd_hash, p_stream, v_base + 1, v_base + cardinality(p_ids))
        ON CONFLICT (source, id) DO NOTHING;
        IF NOT FOUND THEN
            SELECT * INTO STRICT v_cmd FROM commands c WHERE c.source = p_cmd_source AND c.id = p_cmd_id;
            IF v_cmd.payload_hash <> p_cmd_hash THEN
                RAISE EXCEPTION 'command % from % was already handled with a different payload', p_cmd_id, p_cmd_source
                    USING ERRCODE = 'EF422';
            END IF;
            RETURN QUERY
                SELECT true, e.id, e.type, e.version, e.tx_id, e.position FROM events e
                WHERE e.stream = v_cmd.stream AND e.version BETWEEN v_cmd.first_version AND v_cmd.last_version
                ORDER BY e.version;
            RETURN;
        END IF;
    END IF;
    IF v_base > 0 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream = p_stream AND e.version = v_base) THEN
        RAISE EXCEPTION 'stream % is not at version %', p_stream, v_base USING ERRCODE = 'EF409';
    END IF;
    RETURN QUERY
        INSERT INTO events AS e (stream, version, id, type, data, metadata)
        SELECT p_stream, v_base + u.n, u.id, u.type, u.data, u.metadata
        FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, type, data, metadata, n)
        RETURNING false, e.id, e.type, e.version, e.tx_id, e.position;
    PERFORM pg_notify('eventfn_events', p_stream);
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION eventstore_append(text, bigint, uuid[], text[], jsonb[], jsonb[], text, text, bytea);
