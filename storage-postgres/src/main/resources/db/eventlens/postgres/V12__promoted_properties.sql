-- Promoted properties: a project's hot JSON property kept as a typed column of events (promoted_<id>), filled for
-- new events by a trigger and for older ones by a background backfill; reports read the column once it is READY.
CREATE TABLE promoted_properties (
    id         integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- names the column: never reused
    project_id text        NOT NULL,
    key        text        NOT NULL,
    type       text        NOT NULL CHECK (type IN ('STRING', 'NUMBER')),
    state      text        NOT NULL DEFAULT 'BACKFILLING' CHECK (state IN ('BACKFILLING', 'READY', 'DEMOTING')),
    -- The backfill walks the project's events in (ts, id) order; everything up to here is filled (null: nothing).
    cursor_ts  timestamptz,
    cursor_id  uuid,
    -- The project's first and last event when the backfill began, for progress by time.
    first_ts   timestamptz,
    last_ts    timestamptz,
    progress   double precision NOT NULL DEFAULT 0,
    -- Whether every partition has its index on (project_id, column, ts), built once READY.
    indexed    boolean     NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT promoted_properties_key UNIQUE (project_id, key)
);

-- New events get their promoted columns from a BEFORE INSERT trigger whose body is generated here, inside the
-- database, from the rows above: project ids and keys enter the body only as literals quoted by format(%L), so the
-- application never builds SQL from them. Called in the transaction that adds or drops a column; without any
-- promotion there is no trigger at all (no cost per event).
CREATE FUNCTION eventlens_promoted_sync() RETURNS void LANGUAGE plpgsql AS $sync$
DECLARE
    body text := '';
    promoted record;
BEGIN
    FOR promoted IN SELECT id, project_id, key, type FROM promoted_properties ORDER BY id LOOP
        body := body || format(E'    IF NEW.project_id = %L THEN NEW.%I := %s; END IF;\n', promoted.project_id,
            'promoted_' || promoted.id,
            CASE promoted.type
                WHEN 'STRING' THEN format('NEW.properties ->> %L', promoted.key)
                ELSE format('CASE WHEN jsonb_typeof(NEW.properties -> %L) = ''number'' '
                            'THEN (NEW.properties ->> %L)::numeric END', promoted.key, promoted.key)
            END);
    END LOOP;
    EXECUTE format('CREATE OR REPLACE FUNCTION eventlens_fill_promoted() RETURNS trigger LANGUAGE plpgsql AS %L',
        E'BEGIN\n' || body || E'    RETURN NEW;\nEND');
    IF body = '' THEN
        DROP TRIGGER IF EXISTS events_fill_promoted ON events;
    ELSIF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_fill_promoted'
                      AND tgrelid = 'events'::regclass) THEN
        CREATE TRIGGER events_fill_promoted BEFORE INSERT ON events
            FOR EACH ROW EXECUTE FUNCTION eventlens_fill_promoted();
    END IF;
END
$sync$;
