-- One row per job: its latest record (the JSON written by the storage adapter) plus the columns
-- that queries, claims and leases use. Times are milliseconds since the epoch (UTC).
CREATE TABLE jobs (
    id           TEXT    NOT NULL PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    state        TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    request_id   TEXT,
    line_key     TEXT,
    prompt       TEXT    NOT NULL,
    cost_micros  INTEGER,
    history_hash TEXT    NOT NULL,
    lease_owner  TEXT,
    lease_until  INTEGER,
    record       TEXT    NOT NULL
);

CREATE INDEX jobs_newest ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_by_state ON jobs (state, created_at DESC, id DESC);
CREATE INDEX jobs_by_model ON jobs (model, created_at DESC, id DESC);
CREATE INDEX jobs_by_request ON jobs (request_id);
CREATE INDEX jobs_by_lease_owner ON jobs (lease_owner);
CREATE INDEX jobs_by_line_key ON jobs (line_key);

-- Which job holds each batch line's key: the primary key makes "journal this line unless a job
-- holds it" one atomic step, whatever the number of processes.
CREATE TABLE line_keys (
    line_key TEXT NOT NULL PRIMARY KEY,
    job_id   TEXT NOT NULL
);

-- JSONL journals imported once, so that an import is never repeated.
CREATE TABLE imports (
    source      TEXT    NOT NULL PRIMARY KEY,
    imported_at INTEGER NOT NULL,
    jobs        INTEGER NOT NULL
);

CREATE VIRTUAL TABLE jobs_text USING fts5(prompt, content='jobs', content_rowid='rowid');

CREATE TRIGGER jobs_text_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_text (rowid, prompt) VALUES (new.rowid, new.prompt);
END;

CREATE TRIGGER jobs_text_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_text (jobs_text, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);
END;

CREATE TRIGGER jobs_text_update AFTER UPDATE OF prompt ON jobs BEGIN
    INSERT INTO jobs_text (jobs_text, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);
    INSERT INTO jobs_text (rowid, prompt) VALUES (new.rowid, new.prompt);
END;
