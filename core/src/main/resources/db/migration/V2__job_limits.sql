-- What a job ran with and what it used, both written by the sandbox manager's upserts; the API's
-- QUEUED insert writes limits too. Null on rows written before this migration.
--   limits:         the run step's resolved limits, JSON of io.fenrir.core.job.Limits (camelCase keys:
--                   cpuMs, wallMs, memoryMb, pids, outputBytes, fileBytes)
--   memory_peak_kb: the peak memory use of the run step's cgroup, in KiB
ALTER TABLE jobs
    ADD COLUMN memory_peak_kb bigint,
    ADD COLUMN limits         jsonb;
