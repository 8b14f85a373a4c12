-- "status = error" is the trace search's most common filter and errors are rare: small partial indexes find them,
-- overall and per service, without walking every recent span.
CREATE INDEX IF NOT EXISTS spans_errors_start_time ON spans (start_time DESC) WHERE status_code = 2;
CREATE INDEX IF NOT EXISTS spans_errors_service_start_time ON spans (service, start_time DESC) WHERE status_code = 2;
