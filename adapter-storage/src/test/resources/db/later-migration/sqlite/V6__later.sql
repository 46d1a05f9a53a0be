-- A migration newer than Easel's own (SqliteTemplateTest): Flyway must apply it to a journal that
-- started as the build's schema template as it would to one it migrated itself.
CREATE TABLE later (id INTEGER NOT NULL PRIMARY KEY);
CREATE INDEX jobs_later ON jobs (updated_at);
