-- The provider each job was made for (`runcomfy`, `modelark`): its request id and model mean
-- something only there, so resume and a server's takeover follow only the jobs of their own
-- provider (orphans() filters on it; the partial index jobs_unfinished still answers the query).
-- Jobs journaled before: ModelArk's request ids start with "ark-" (its provider makes them so);
-- every other job is RunComfy's (Job.providerName() reads a record without a provider the same way).
ALTER TABLE jobs ADD COLUMN provider TEXT;
UPDATE jobs SET provider = CASE WHEN request_id LIKE 'ark-%' THEN 'modelark' ELSE 'runcomfy' END;
