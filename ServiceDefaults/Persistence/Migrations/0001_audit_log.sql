-- Append-only, hash-chained audit records: every mutation writes one in its own transaction.
CREATE TABLE IF NOT EXISTS audit_log (
    id          bigint PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    before      text,
    after       text,
    prev_hash   bytea NOT NULL,
    hash        bytea NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log (entity text_pattern_ops, id);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

-- Application code can only append; changing history needs a superuser who switches triggers off,
-- and even then the hash chain shows it.
CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
