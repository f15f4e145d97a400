-- One row per job. The API inserts it as QUEUED (ON CONFLICT DO NOTHING, since the manager may have
-- written it first); the manager upserts the whole record at every status change, guarded by
-- status_rank so that a late write never moves a job backwards (see io.fenrir.core.job.JobStatus).
CREATE TABLE jobs (
    id               uuid        PRIMARY KEY,
    language         text        NOT NULL,
    status           text        NOT NULL,
    status_rank      smallint    NOT NULL,
    verdict          text,
    attempts         integer     NOT NULL DEFAULT 0,
    exit_code        integer,
    signal           integer,
    wall_ms          bigint,
    cpu_ms           bigint,
    stdout_truncated boolean,
    stderr_truncated boolean,
    error            text,
    submitted_at     timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Operators look for jobs that are not finished yet.
CREATE INDEX jobs_unfinished_idx ON jobs (submitted_at) WHERE status_rank < 2;
