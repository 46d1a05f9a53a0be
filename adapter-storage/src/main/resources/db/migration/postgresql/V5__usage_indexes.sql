-- `easel usage` and the API's usage route sum every job's cost by model, by day or by key. Without
-- --since that read every job's row (350-830 ms at 100,000 jobs, seconds at 1,000,000): each row
-- carries its whole record. One covering index per grouping, in the grouping's order: the sum walks
-- the index alone (no row, no sort). The query must group by exactly these expressions
-- (SqlJobJournal.usageSql); the day is the UTC day number, created_at / 86400000, made a date by Easel.
-- PostgreSQL reads them with index-only scans once (auto)vacuum has marked the table's pages all-visible.
CREATE INDEX jobs_usage_by_model ON jobs (model, created_at, cost_micros);
CREATE INDEX jobs_usage_by_day ON jobs ((created_at / 86400000), created_at, cost_micros);
CREATE INDEX jobs_usage_by_key ON jobs (requested_by, created_at, cost_micros);
