-- New monthly partitions lay their columns out for the reads reports make most: the fixed-width id, ts and member
-- numbers first, then project and type, then the other texts and the JSON. PostgreSQL reaches a column by walking
-- every column before it, and user_no/session_no were added last (V7), after eleven texts and the properties: reading
-- them cost ~0.3 µs a row of every raw tail a report aggregates (docs/benchmarks.md). Columns are matched by name,
-- so months of either layout live side by side under events; the ones made before keep theirs.
--
-- The column list comes from the catalog of events (promoted columns included), so a month always has exactly the
-- parent's columns; names enter the DDL through format(%I), bounds through format(%L).
CREATE FUNCTION eventlens_create_month(partition_name text, starts timestamptz, ends timestamptz)
    RETURNS void LANGUAGE plpgsql AS $create$
DECLARE
    columns text;
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT string_agg(
               format('%I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                      CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                      CASE WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END),
               ', '
               ORDER BY coalesce(array_position(
                            ARRAY['id', 'ts', 'user_no', 'session_no', 'project_id', 'type']::name[], a.attname), 100),
                        a.attnum)
      INTO columns
      FROM pg_attribute a
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = 'events'::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('CREATE TABLE %I (%s)', partition_name, columns);
    -- Attaching builds the month's copies of the parent's indexes and clones its row triggers, as PARTITION OF does,
    -- but locks events only against other DDL, not against reads and writes of the other months.
    EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, starts, ends);
END
$create$;
