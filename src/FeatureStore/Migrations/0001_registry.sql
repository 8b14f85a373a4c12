-- The registry of definitions. Offline tables (fv_<view>) are created by the service when a view is applied.
CREATE TABLE entities (
    name        text PRIMARY KEY,
    join_keys   text[] NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feature_views (
    name                text PRIMARY KEY,
    version             integer NOT NULL,
    spec                jsonb NOT NULL,
    -- Incremental materialization starts here; the newest event written online gives freshness.
    watermark           timestamptz,
    newest_materialized timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Every schema version of every view, for lineage.
CREATE TABLE feature_view_versions (
    name       text NOT NULL REFERENCES feature_views (name),
    version    integer NOT NULL,
    spec       jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE feature_services (
    name       text PRIMARY KEY,
    features   text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE materializations (
    id              uuid PRIMARY KEY,
    views           text[] NOT NULL,
    incremental     boolean NOT NULL,
    start_time      timestamptz,
    end_time        timestamptz NOT NULL,
    state           text NOT NULL,
    rows_done       bigint NOT NULL DEFAULT 0,
    rows_per_second double precision NOT NULL DEFAULT 0,
    error           text,
    requested_by    text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
