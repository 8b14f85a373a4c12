-- The durable job queue. A worker leases a row (FOR UPDATE SKIP LOCKED), keeps lease_expires in the future with
-- heartbeats, and loses the job when it stops: an expired lease makes the row available again after a backoff.
CREATE TABLE training_jobs (
    id               uuid PRIMARY KEY,
    use_case         text NOT NULL,
    model            text NOT NULL,
    request          jsonb NOT NULL,
    trigger          text NOT NULL,
    state            text NOT NULL,
    stage            text,
    percent          double precision NOT NULL DEFAULT 0,
    attempts         integer NOT NULL DEFAULT 0,
    max_attempts     integer NOT NULL,
    available_at     timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_expires    timestamptz,
    pool             text,
    pool_order       text[] NOT NULL,
    classification   text NOT NULL,
    residency        text NOT NULL,
    requires_gpu     boolean NOT NULL DEFAULT false,
    placement        jsonb,
    cancel_requested boolean NOT NULL DEFAULT false,
    error            text,
    result           jsonb,
    submitted_by     text NOT NULL,
    submitted_role   text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_jobs_ready ON training_jobs (available_at, created_at) WHERE state IN ('Queued', 'Running');
CREATE INDEX training_jobs_model ON training_jobs (model, created_at DESC);
CREATE INDEX training_jobs_listing ON training_jobs (created_at DESC, id DESC);

-- Stage changes, progress and state changes, in order, for GET /api/jobs/{id}/events (resumable by id).
CREATE TABLE training_job_events (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id  uuid NOT NULL REFERENCES training_jobs (id),
    at      timestamptz NOT NULL DEFAULT now(),
    kind    text NOT NULL,
    data    jsonb NOT NULL
);
CREATE INDEX training_job_events_job ON training_job_events (job_id, id);

-- Worker pools as their workers announce them: labels and slots, alive while last_seen is recent.
CREATE TABLE training_workers (
    worker     text PRIMARY KEY,
    pool       text NOT NULL,
    labels     jsonb NOT NULL,
    slots      integer NOT NULL,
    last_seen  timestamptz NOT NULL DEFAULT now()
);

-- At most one drift retrain per model per cooldown; the row is locked while a trigger decides.
CREATE TABLE training_triggers (
    model        text PRIMARY KEY,
    last_fired   timestamptz NOT NULL,
    last_job_id  uuid NOT NULL,
    reason       text
);

-- Scheduled training per use case: the next due time, claimed under a row lock by one replica.
CREATE TABLE training_schedules (
    use_case     text PRIMARY KEY,
    next_run_at  timestamptz NOT NULL,
    last_job_id  uuid
);
