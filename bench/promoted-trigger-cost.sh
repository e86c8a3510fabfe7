#!/usr/bin/env bash
# What promoted properties cost and buy on PostgreSQL. Writes: binary COPY of the same events into the events table
# (V1's schema and indexes, one monthly partition) without a trigger, with one promoted column, with three, and
# with three and a partial index. Reads: the dashboard's drill-down (a numeric filter on duration_ms) and breakdown
# (by experiment) over the loaded month, from the JSON and from the promoted columns.
# Usage: bench/promoted-trigger-cost.sh [events] [port]   (needs PostgreSQL's bin/ in PG_BIN, e.g. the embedded one)
set -euo pipefail
EVENTS=${1:-200000}
PORT=${2:-18532}
PG_BIN=${PG_BIN:?set PG_BIN to a PostgreSQL 18 bin directory}
mkdir -p /tmp/promote
DATA=$(mktemp -d /tmp/promote/trigger-cost.XXXXXX)
chmod 777 "$DATA"
# PostgreSQL refuses to run as root: as root, run the server as the user postgres.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap 'as_owner "$PG_BIN/pg_ctl" -D "$DATA/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
as_owner "$PG_BIN/initdb" -D "$DATA/db" -U postgres -A trust >/dev/null
as_owner "$PG_BIN/pg_ctl" -D "$DATA/db" -o "-p $PORT -k $DATA -c listen_addresses='' -c shared_buffers=256MB" \
  -l "$DATA/log" -w start >/dev/null
psql() { command psql -X -q -h "$DATA" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
psql -f "$REPO/storage-postgres/src/main/resources/db/eventlens/postgres/V1__events.sql" >/dev/null
psql -c "ALTER TABLE events ADD COLUMN user_no int, ADD COLUMN session_no int" >/dev/null
psql -c "CREATE TABLE events_y2026m11 PARTITION OF events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')" >/dev/null
psql -c "COPY (SELECT 'p1', gen_random_uuid(), '2026-11-01'::timestamptz + i * interval '10 ms', 'page_view',
    'u' || (i % 5000), 's' || (i % 20000), 'DE', 'desktop', 'Firefox', 'Linux', '/p' || (i % 50), NULL, NULL::float8,
    jsonb_build_object('plan', (ARRAY['free','pro','team'])[i % 3 + 1], 'duration_ms', i % 20000,
                       'experiment', 'e' || (i % 4), 'run', 'x', 'utm_source', 'news' || (i % 7),
                       'context', jsonb_build_object('library', 'eventlens.js', 'version', '1.4.2',
                                                     'screen', '1920x1080', 'locale', 'de-DE')), i % 5000, i % 20000
    FROM generate_series(1, $EVENTS) i) TO '$DATA/events.bin' (FORMAT binary)" >/dev/null
COLUMNS="project_id, id, ts, type, user_id, session_id, country, device, browser, os, page, referrer, revenue, properties, user_no, session_no"
run() {
  local label=$1
  for round in 1 2 3; do
    psql -c "TRUNCATE events" -c "CHECKPOINT" >/dev/null
    local start end
    start=$(date +%s%N)
    psql -c "COPY events ($COLUMNS) FROM '$DATA/events.bin' (FORMAT binary)" >/dev/null
    end=$(date +%s%N)
    echo "$label round $round: $(( (end - start) / 1000000 )) ms, $(( (end - start) / EVENTS )) ns/event"
  done
}
run "no trigger     "
psql >/dev/null <<'SQL'
ALTER TABLE events ADD COLUMN promoted_1 text;
CREATE FUNCTION fill1() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW.project_id = 'p1' THEN NEW.promoted_1 := NEW.properties ->> 'plan'; END IF; RETURN NEW; END $$;
CREATE TRIGGER fill BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION fill1();
SQL
run "1 promoted     "
psql >/dev/null <<'SQL'
ALTER TABLE events ADD COLUMN promoted_2 numeric, ADD COLUMN promoted_3 text;
CREATE OR REPLACE FUNCTION fill1() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.project_id = 'p1' THEN NEW.promoted_1 := NEW.properties ->> 'plan'; END IF;
  IF NEW.project_id = 'p1' THEN NEW.promoted_2 := CASE WHEN jsonb_typeof(NEW.properties -> 'duration_ms') = 'number'
      THEN (NEW.properties ->> 'duration_ms')::numeric END; END IF;
  IF NEW.project_id = 'p1' THEN NEW.promoted_3 := NEW.properties ->> 'experiment'; END IF;
  RETURN NEW;
END $$;
SQL
run "3 promoted     "
psql >/dev/null <<'SQL'
CREATE INDEX ON events (project_id, promoted_2, ts) WHERE promoted_2 IS NOT NULL;
SQL
run "3 + 1 index    "

# Reads over the last load (every column filled by the trigger), warm, best of three.
psql -c "VACUUM ANALYZE events" >/dev/null
timed() {
  local label=$1 sql=$2 best=999999999
  for round in 1 2 3; do
    local start end
    start=$(date +%s%N)
    psql -c "$sql" >/dev/null
    end=$(date +%s%N)
    (( (end - start) < best )) && best=$(( end - start ))
  done
  echo "$label: $(( best / 1000000 )) ms"
}
RANGE="project_id = 'p1' AND ts >= '2026-11-01' AND ts < '2026-12-01'"
timed "drill-down, JSON          " "SELECT page, count(*) FROM events WHERE $RANGE AND CASE WHEN
    jsonb_typeof(properties -> 'duration_ms') = 'number' THEN (properties ->> 'duration_ms')::numeric > 10000
    ELSE false END GROUP BY 1"
timed "drill-down, column + index" "SELECT page, count(*) FROM events WHERE $RANGE AND (promoted_2 > 10000
    AND promoted_2 IS NOT NULL) GROUP BY 1"
timed "drill-down 5%, JSON       " "SELECT page, count(*) FROM events WHERE $RANGE AND CASE WHEN
    jsonb_typeof(properties -> 'duration_ms') = 'number' THEN (properties ->> 'duration_ms')::numeric > 19000
    ELSE false END GROUP BY 1"
timed "drill-down 5%, column+idx " "SELECT page, count(*) FROM events WHERE $RANGE AND (promoted_2 > 19000
    AND promoted_2 IS NOT NULL) GROUP BY 1"
timed "breakdown, JSON           " "SELECT properties ->> 'experiment', count(*) FROM events WHERE $RANGE GROUP BY 1"
timed "breakdown, column         " "SELECT promoted_3, count(*) FROM events WHERE $RANGE GROUP BY 1"
