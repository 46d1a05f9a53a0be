-- Unfinished jobs, oldest first, for orphans() (resume, and serve's periodic takeover), so that the
-- query does not walk every job to find the few unfinished ones. Partial: it holds only unfinished
-- jobs. The condition reads as the query's (SqlJobJournal.TERMINAL).
CREATE INDEX jobs_unfinished ON jobs (created_at, id) WHERE state NOT IN ('STORED', 'FAILED', 'CANCELLED', 'EXPIRED');
