-- Aliases per environment: "champion" in staging and in production are two pointers. Rows from before this
-- migration, and rows written by tools that name no environment, belong to the default environment, which the
-- environment-free alias API addresses.
ALTER TABLE model_aliases ADD COLUMN environment text NOT NULL DEFAULT 'production';
ALTER TABLE model_aliases DROP CONSTRAINT model_aliases_pkey;
ALTER TABLE model_aliases ADD PRIMARY KEY (model_id, environment, alias);

ALTER TABLE registry_events ADD COLUMN environment text NOT NULL DEFAULT 'production';

-- At most one pending request per model, version, alias and environment (checked under the model row's lock).
CREATE INDEX promotion_requests_open ON promotion_requests (model_id, version, alias, environment) WHERE status = 'pending';

-- The artifact sweep looks for blobs that no version references.
CREATE INDEX model_versions_artifact ON model_versions (artifact_sha256);
