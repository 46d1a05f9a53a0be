-- Unfinished jobs, oldest first, for orphans() (resume, and serve's periodic takeover): without it the
-- query walked every job in creation order to find the few unfinished ones (0.7 s at 100,000 jobs).
-- Partial: it holds only unfinished jobs, so it stays small. The condition must read exactly as the
-- query's (SqlJobJournal.TERMINAL, the terminal states in JobState's order) for SQLite to use it.
CREATE INDEX jobs_unfinished ON jobs (created_at, id) WHERE state NOT IN ('STORED', 'FAILED', 'CANCELLED', 'EXPIRED');
