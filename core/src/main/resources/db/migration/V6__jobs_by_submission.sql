-- GET /jobs pages through jobs newest first (submitted_at, then id), optionally by status or language.
CREATE INDEX jobs_by_submission ON jobs (submitted_at DESC, id DESC);
