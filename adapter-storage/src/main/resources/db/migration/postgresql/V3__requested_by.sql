-- The name of the API key that asked for each job through `easel serve` (never the key itself);
-- NULL for jobs from this machine's commands and from a server without keys (`easel usage --by key`
-- groups those as "local").
ALTER TABLE jobs ADD COLUMN requested_by TEXT;
