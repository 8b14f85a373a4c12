-- Stored entity sets (entity rows kept for repeated historical retrievals); rows live in es_<name>.
CREATE TABLE entity_sets (
    name       text PRIMARY KEY,
    columns    text[] NOT NULL,
    rows       bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
);
