-- Rollups: events pre-aggregated per UTC-aligned bucket and per tuple of some event columns (see the core
-- io.eventlens.core.rollup package). Built-in definitions (project_id NULL) are written by the application at start.
CREATE TABLE rollups (
    id            serial  PRIMARY KEY,
    project_id    text,                  -- NULL: a built-in rollup every project has
    name          text    NOT NULL,
    grain_seconds integer NOT NULL,
    columns       text[]  NOT NULL,      -- public names of event columns, in EventColumn order
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rollups_name UNIQUE NULLS NOT DISTINCT (project_id, name)
);

-- Per project: every rollup holds exactly the events with covered_from <= ts < watermark. The watermark moves
-- forward when recent events are sealed into all rollups; covered_from moves back while history is backfilled and
-- becomes NULL (everything) when none is left. Writers and sealers serialize per project on an advisory lock.
CREATE TABLE rollup_watermarks (
    project_id text        PRIMARY KEY,
    watermark  timestamptz NOT NULL
);

CREATE TABLE rollup_coverage (
    rollup_id    integer     NOT NULL REFERENCES rollups ON DELETE CASCADE,
    project_id   text        NOT NULL,
    covered_from timestamptz,
    PRIMARY KEY (rollup_id, project_id)
);

-- Columns a rollup does not keep are NULL. NULLS NOT DISTINCT makes a NULL value one key, so upserts merge it.
CREATE TABLE rollup_rows (
    rollup_id  integer     NOT NULL,
    project_id text        NOT NULL,
    bucket     timestamptz NOT NULL,
    type       text,
    country    text,
    device     text,
    browser    text,
    os         text,
    page       text,
    referrer   text,
    user_id    text,
    session_id text,
    events     bigint      NOT NULL,
    revenue    float8      NOT NULL,    -- sum of revenue; events without revenue add 0
    CONSTRAINT rollup_rows_key UNIQUE NULLS NOT DISTINCT
        (rollup_id, project_id, bucket, type, country, device, browser, os, page, referrer, user_id, session_id)
);

-- Projects that already have events get a watermark now; their history is then backfilled in the background.
INSERT INTO rollup_watermarks (project_id, watermark)
SELECT DISTINCT project_id, now() FROM event_ids;

-- Distinct-count sketches (Apache DataSketches HLL, serialized) of the rollups that keep them, for approximate
-- reports. Append-only: each seal, backfill slice or late write adds partial rows, which queries merge (an HLL union
-- forgives overlap) and upkeep compacts into one row per key. Same key columns as rollup_rows.
CREATE TABLE rollup_sketches (
    id         bigserial   PRIMARY KEY,
    rollup_id  integer     NOT NULL,
    project_id text        NOT NULL,
    bucket     timestamptz NOT NULL,
    type       text,
    country    text,
    device     text,
    browser    text,
    os         text,
    page       text,
    referrer   text,
    users      bytea       NOT NULL,
    sessions   bytea       NOT NULL
);
CREATE INDEX rollup_sketches_range ON rollup_sketches (rollup_id, project_id, bucket);
