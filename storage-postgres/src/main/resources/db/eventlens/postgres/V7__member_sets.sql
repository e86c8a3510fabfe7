-- Exact distinct counts from rollups: every user and session id gets a number, dense per kind, so a rollup row can
-- keep the set of its distinct users and sessions as a compressed bitmap (RoaringBitmap, serialized) and a report
-- merges a few bitmaps instead of counting distinct ids over every event or every user row. One sequence per kind:
-- users interleaved with the far more numerous sessions would be spread thin over the numbers, and sparse sets take
-- many times the bytes of dense ones.
CREATE SEQUENCE user_numbers AS integer;
CREATE SEQUENCE session_numbers AS integer;

-- kind: 0 a user id, 1 a session id. Numbers are assigned when an event is written and never change.
CREATE TABLE members (
    project_id text     NOT NULL,
    kind       smallint NOT NULL,
    value      text     NOT NULL,
    no         integer  NOT NULL,
    PRIMARY KEY (project_id, kind, value)
);

ALTER TABLE events ADD COLUMN user_no integer, ADD COLUMN session_no integer;

-- Events written before: numbered here, once.
INSERT INTO members (project_id, kind, value, no)
SELECT project_id, 0, user_id, nextval('user_numbers')
FROM (SELECT DISTINCT project_id, user_id FROM events WHERE user_id IS NOT NULL ORDER BY 1, 2) u;
INSERT INTO members (project_id, kind, value, no)
SELECT project_id, 1, session_id, nextval('session_numbers')
FROM (SELECT DISTINCT project_id, session_id FROM events WHERE session_id IS NOT NULL ORDER BY 1, 2) s;
UPDATE events e SET user_no = m.no FROM members m
WHERE e.user_id IS NOT NULL AND m.project_id = e.project_id AND m.kind = 0 AND m.value = e.user_id;
UPDATE events e SET session_no = m.no FROM members m
WHERE e.session_id IS NOT NULL AND m.project_id = e.project_id AND m.kind = 1 AND m.value = e.session_id;

-- Member sets of the rollups that keep no id column (Rollup.keepsMembers), append-only like rollup_sketches: each seal,
-- backfill slice or late write adds partial rows, which queries union (a union forgives overlap) and upkeep compacts
-- into one row per key. Same key columns as rollup_sketches.
CREATE TABLE rollup_members (
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
CREATE INDEX rollup_members_range ON rollup_members (rollup_id, project_id, bucket);

-- Every rollup is filled again in the background, this time with its member sets; reports read raw events for what
-- is not refilled yet, so answers stay exact meanwhile.
DELETE FROM rollup_rows;
DELETE FROM rollup_sketches;
-- Sums of money as exact decimals: a sum of doubles drifts in its last digits (1020866.3799999997).
ALTER TABLE rollup_rows ALTER COLUMN revenue TYPE numeric;
DELETE FROM rollup_coverage;
UPDATE rollup_watermarks SET generation = generation + 1;
