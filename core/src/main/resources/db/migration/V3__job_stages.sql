-- A job's timeline (GET /jobs/{id}/timeline): when each stage of each attempt started and ended.
-- Attempt 0 holds the API's stages (accepted, persisted); attempts 1.. the manager's per delivery.
-- Writers upsert, so a repeated write (a retried store, a redelivery) is harmless. Names: see
-- io.fenrir.core.job.Stage.Name.
CREATE TABLE job_stages (
    job_id     uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt    integer     NOT NULL,
    stage      text        NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz NOT NULL,
    PRIMARY KEY (job_id, attempt, stage)
);
