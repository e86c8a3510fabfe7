-- Events, one partition per UTC month (events_yYYYYmMM), created ahead by the application and on demand by
-- writes. No DEFAULT partition: a month could not be created later over rows parked in it.
CREATE TABLE events (
    project_id  text             NOT NULL,
    id          uuid             NOT NULL,
    ts          timestamptz      NOT NULL,
    type        text             NOT NULL,
    user_id     text,
    session_id  text,
    country     text,
    device      text,
    browser     text,
    os          text,
    page        text,
    referrer    text,
    revenue     double precision,
    properties  jsonb            NOT NULL DEFAULT '{}',
    received_at timestamptz      NOT NULL DEFAULT now()
) PARTITION BY RANGE (ts);

-- Every query is one project over a time range: reports, totals and the overview range-scan (project_id, ts);
-- the trailing id makes it the exact order of event pages (ts desc, id desc) for keyset pagination.
CREATE INDEX events_project_ts_id ON events (project_id, ts, id);

-- Reports and pages filtered by event type (the most common filter) read only that type's slice of the range.
CREATE INDEX events_project_type_ts ON events (project_id, type, ts);

-- Idempotency: a partitioned table can only enforce uniqueness together with its partition key, and a retried
-- event may carry another timestamp. Ids are therefore claimed here first, in the same statement as the insert.
CREATE TABLE event_ids (
    project_id text NOT NULL,
    id         uuid NOT NULL,
    PRIMARY KEY (project_id, id)
);
