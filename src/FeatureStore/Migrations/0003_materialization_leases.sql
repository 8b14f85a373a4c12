-- Materializations are leased: the replica running one extends lease_expires by heartbeat; when it stops (crash,
-- SIGKILL, lost network) another replica takes the job over after expiry and resumes it from its checkpoint.
ALTER TABLE materializations
    ADD COLUMN attempts      integer NOT NULL DEFAULT 0,
    ADD COLUMN max_attempts  integer NOT NULL DEFAULT 5,
    ADD COLUMN lease_owner   text,
    ADD COLUMN lease_expires timestamptz,
    -- Where a resumed attempt starts: {view, start, after (join keys), rows, newest}.
    ADD COLUMN checkpoint    jsonb;

CREATE INDEX materializations_open ON materializations (created_at) WHERE state IN ('queued', 'running');
