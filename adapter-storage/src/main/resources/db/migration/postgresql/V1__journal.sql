-- One row per job: its latest record (the JSON written by the storage adapter) plus the columns
-- that queries, claims and leases use. Times are milliseconds since the epoch (UTC).
CREATE TABLE jobs (
    id           TEXT    NOT NULL PRIMARY KEY,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    state        TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    request_id   TEXT,
    line_key     TEXT,
    prompt       TEXT    NOT NULL,
    cost_micros  BIGINT,
    history_hash TEXT    NOT NULL,
    lease_owner  TEXT,
    lease_until  BIGINT,
    record       TEXT    NOT NULL,
    prompt_words TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', prompt)) STORED
);

CREATE INDEX jobs_newest ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_by_state ON jobs (state, created_at DESC, id DESC);
CREATE INDEX jobs_by_model ON jobs (model, created_at DESC, id DESC);
CREATE INDEX jobs_by_request ON jobs (request_id);
CREATE INDEX jobs_by_lease_owner ON jobs (lease_owner);
CREATE INDEX jobs_by_line_key ON jobs (line_key);
CREATE INDEX jobs_text ON jobs USING GIN (prompt_words);

-- Which job holds each batch line's key: the primary key makes "journal this line unless a job
-- holds it" one atomic step, whatever the number of processes.
CREATE TABLE line_keys (
    line_key TEXT NOT NULL PRIMARY KEY,
    job_id   TEXT NOT NULL
);

-- JSONL journals imported once, so that an import is never repeated.
CREATE TABLE imports (
    source      TEXT   NOT NULL PRIMARY KEY,
    imported_at BIGINT NOT NULL,
    jobs        BIGINT NOT NULL
);
