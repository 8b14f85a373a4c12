-- Registered models. Names sort and prefix-match byte-wise (COLLATE "C"), so keyset paging and LIKE 'x%' use the primary index.
CREATE TABLE registered_models (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text COLLATE "C" NOT NULL UNIQUE,
    description     text,
    use_case        text,
    tags            jsonb NOT NULL DEFAULT '{}'::jsonb,
    latest_version  integer NOT NULL DEFAULT 0,
    promotion_policy jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL
);
-- Tag filters are containment queries (tags @> '{"k":"v"}').
CREATE INDEX registered_models_tags ON registered_models USING gin (tags jsonb_path_ops);
CREATE INDEX registered_models_use_case ON registered_models (use_case, name);

-- Content-addressed artifacts: one row per distinct sha256, whichever store holds the bytes.
CREATE TABLE artifact_blobs (
    sha256      text PRIMARY KEY,
    size_bytes  bigint NOT NULL,
    store       text NOT NULL,
    content_id  uuid,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The PostgreSQL store's bytes, in chunks of a few hundred KiB.
CREATE TABLE artifact_chunks (
    content_id  uuid NOT NULL,
    seq         integer NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (content_id, seq)
);

CREATE TABLE model_versions (
    model_id        bigint NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    version         integer NOT NULL,
    description     text,
    tags            jsonb NOT NULL DEFAULT '{}'::jsonb,
    source_run_id   text,
    algorithm       text,
    hyperparameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    metrics         jsonb NOT NULL DEFAULT '{}'::jsonb,
    signature       jsonb,
    data_profile    jsonb,
    lineage         jsonb NOT NULL DEFAULT '{}'::jsonb,
    classification  text NOT NULL DEFAULT 'public',
    residency       text,
    artifact_sha256 text NOT NULL REFERENCES artifact_blobs (sha256),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL,
    PRIMARY KEY (model_id, version)
);
CREATE INDEX model_versions_source_run ON model_versions (source_run_id) WHERE source_run_id IS NOT NULL;

CREATE TABLE model_aliases (
    model_id    bigint NOT NULL,
    alias       text NOT NULL,
    version     integer NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL,
    PRIMARY KEY (model_id, alias),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE
);

CREATE TABLE promotion_requests (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id            bigint NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    version             integer NOT NULL,
    alias               text NOT NULL,
    environment         text NOT NULL,
    reason              text,
    status              text NOT NULL,
    requested_by        text NOT NULL,
    required_approvals  integer NOT NULL,
    gates               jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    decided_at          timestamptz,
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE
);
CREATE INDEX promotion_requests_model ON promotion_requests (model_id, id);

CREATE TABLE promotion_decisions (
    request_id  bigint NOT NULL REFERENCES promotion_requests (id) ON DELETE CASCADE,
    actor       text NOT NULL,
    decision    text NOT NULL,
    comment     text,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, actor)
);

-- Alias changes, kept so that a reconnecting subscriber resumes from the last id it saw.
CREATE TABLE registry_events (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text NOT NULL,
    model             text NOT NULL,
    alias             text NOT NULL,
    version           integer,
    previous_version  integer,
    actor             text NOT NULL,
    at                timestamptz NOT NULL DEFAULT now()
);
