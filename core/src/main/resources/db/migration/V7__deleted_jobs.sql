-- Jobs deleted by DELETE /jobs/{id} or by retention: their rows, stages and objects are gone, and this
-- tombstone makes the id answer 410 job_deleted, never 404 (it once got a 202), and keeps a late
-- redelivery of its message from writing the row again (JobTable.markRunning).
CREATE TABLE deleted_jobs (
    id         uuid        PRIMARY KEY,
    deleted_at timestamptz NOT NULL DEFAULT now()
);
