-- A run-once process (a published Kubernetes Job) names its run; a restarted pod of the same run finds its job
-- by (use_case, run_key) instead of submitting a second one.
ALTER TABLE training_jobs ADD COLUMN run_key text;
CREATE UNIQUE INDEX training_jobs_run_key ON training_jobs (use_case, run_key) WHERE run_key IS NOT NULL;
