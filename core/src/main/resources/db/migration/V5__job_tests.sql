-- A job's tests (docs/api.md, "Tests"): one result per test, in order, as camelCase JSON written by
-- JobTable.testsJson ({index, verdict, exitCode, signal, wallMs, cpuMs, memoryPeakKb, stdoutTruncated});
-- tests_passed and tests_total for the job's summary. Null for a job without tests.
ALTER TABLE jobs ADD COLUMN tests jsonb;
ALTER TABLE jobs ADD COLUMN tests_passed integer;
ALTER TABLE jobs ADD COLUMN tests_total integer;
