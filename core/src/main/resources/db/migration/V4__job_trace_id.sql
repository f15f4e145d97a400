-- The job's trace (OpenTelemetry, 32 hex digits): written by the API's QUEUED insert from the
-- request's trace, and by the sandbox manager's upserts where the row lacks one (the manager's
-- deliveries continue the API's trace, so both write the same id). Null when tracing is off.
-- V4 follows V3__job_stages.sql, written on another branch.
ALTER TABLE jobs ADD COLUMN trace_id text;
