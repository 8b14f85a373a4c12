-- Telemetry received over OTLP. Ids are raw bytes (16 for traces, 8 for spans); times are timestamptz in UTC.
CREATE TABLE spans (
    trace_id bytea NOT NULL,
    span_id bytea NOT NULL,
    parent_span_id bytea,
    service text NOT NULL,
    name text NOT NULL,
    kind smallint NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    duration_ns bigint NOT NULL,
    status_code smallint NOT NULL,
    status_message text,
    scope text,
    attributes jsonb NOT NULL,
    resource_attributes jsonb NOT NULL,
    events jsonb
);
-- The trace list (newest first, optionally per service) and the waterfall (all spans of one trace).
CREATE INDEX spans_start_time ON spans (start_time DESC);
CREATE INDEX spans_service_start_time ON spans (service, start_time DESC);
CREATE INDEX spans_trace_id ON spans (trace_id);

CREATE TABLE logs (
    time timestamptz NOT NULL,
    service text NOT NULL,
    severity_number smallint NOT NULL,
    severity_text text,
    body text NOT NULL,
    trace_id bytea,
    span_id bytea,
    scope text,
    attributes jsonb NOT NULL
);
CREATE INDEX logs_time ON logs (time DESC);
CREATE INDEX logs_service_time ON logs (service, time DESC);
CREATE INDEX logs_trace_id ON logs (trace_id) WHERE trace_id IS NOT NULL;

-- One row per data point. Gauges and sums fill value; histograms fill count, sum and buckets.
CREATE TABLE metric_points (
    time timestamptz NOT NULL,
    service text NOT NULL,
    name text NOT NULL,
    kind smallint NOT NULL,
    attributes jsonb NOT NULL,
    value double precision,
    count bigint,
    sum double precision,
    min double precision,
    max double precision,
    bucket_counts bigint[],
    explicit_bounds double precision[]
);
CREATE INDEX metric_points_name_time ON metric_points (name, time DESC);
CREATE INDEX metric_points_time ON metric_points (time);

-- The metric picker: one row per instrument, kept up to date on ingest rather than scanning the points.
CREATE TABLE metric_instruments (
    service text NOT NULL,
    name text NOT NULL,
    kind smallint NOT NULL,
    unit text NOT NULL,
    description text NOT NULL,
    last_seen timestamptz NOT NULL,
    PRIMARY KEY (service, name)
);

CREATE TABLE prediction_samples (
    model text NOT NULL,
    version integer NOT NULL,
    time timestamptz NOT NULL,
    features jsonb NOT NULL,
    outputs jsonb
);
CREATE INDEX prediction_samples_model_time ON prediction_samples (model, version, time DESC);
CREATE INDEX prediction_samples_time ON prediction_samples (time);

CREATE TABLE drift_results (
    id bigserial PRIMARY KEY,
    model text NOT NULL,
    version integer NOT NULL,
    evaluated_at timestamptz NOT NULL,
    window_start timestamptz NOT NULL,
    window_end timestamptz NOT NULL,
    live_rows integer NOT NULL,
    reference_rows bigint NOT NULL,
    drifted boolean NOT NULL,
    drift_share double precision NOT NULL,
    features jsonb NOT NULL
);
CREATE INDEX drift_results_model_time ON drift_results (model, version, evaluated_at DESC);

-- Retrain requests sent to (or pending for) the training runner; the cooldown is read from here, so it survives restarts.
CREATE TABLE drift_triggers (
    id bigserial PRIMARY KEY,
    model text NOT NULL,
    version integer NOT NULL,
    drift_result_id bigint REFERENCES drift_results (id) ON DELETE SET NULL,
    reason text NOT NULL,
    status text NOT NULL,
    detail text,
    requested_at timestamptz NOT NULL
);
CREATE INDEX drift_triggers_model_time ON drift_triggers (model, requested_at DESC);
