-- The first result of each Idempotency-Key, so that a retried request returns it instead of acting twice.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope         text NOT NULL,
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    status_code   integer,
    content_type  text,
    body          text,
    location      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON idempotency_keys (created_at);
