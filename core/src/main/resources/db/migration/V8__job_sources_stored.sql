-- Whether the job's source objects are known to be in S3: set by the API when it stored them before
-- writing the row (its QUEUED insert, or that insert meeting a row the manager wrote first), never set
-- back. The sandbox manager reads it when it marks the job RUNNING (and again before it stores the
-- output when it was false) and then does not store the sources itself; false means unknown (the
-- API's put failed or was slow, or the API died before it), and the manager stores them before it acks.
ALTER TABLE jobs ADD COLUMN sources_stored boolean NOT NULL DEFAULT false;
