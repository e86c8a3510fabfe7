-- Projects (tenants) and their API keys. Events, definitions and dashboards keep their project_id text column; the
-- demo project `default` exists from the start so installations from before keys keep their data.
CREATE TABLE projects (
    id                       text        PRIMARY KEY,
    name                     text        NOT NULL,
    -- The project's own rate limits; null means the server's configured default.
    ingest_events_per_second integer     CHECK (ingest_events_per_second > 0),
    queries_per_second       integer     CHECK (queries_per_second > 0),
    concurrent_subscriptions integer     CHECK (concurrent_subscriptions > 0),
    created_at               timestamptz NOT NULL DEFAULT now()
);

INSERT INTO projects (id, name) VALUES ('default', 'Demo project');

-- Only the SHA-256 of a key's secret is kept (the secret is shown once, at creation), plus a short prefix to
-- recognise it by in listings.
CREATE TABLE api_keys (
    id          text        PRIMARY KEY,
    project_id  text        NOT NULL REFERENCES projects (id),
    scope       text        NOT NULL CHECK (scope IN ('INGEST', 'READ', 'ADMIN')),
    name        text        NOT NULL DEFAULT '',
    prefix      text        NOT NULL,
    secret_hash text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX api_keys_by_project ON api_keys (project_id, created_at);
