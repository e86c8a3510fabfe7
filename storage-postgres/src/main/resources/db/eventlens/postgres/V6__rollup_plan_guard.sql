-- Reports plan against a cached view of what rollups hold; every statement that reads rollups checks, in its own
-- snapshot, that the view still holds. The generation counts removals of a project's rollups (a plan must not read
-- rows of a rollup that is gone). The watermark is checked when the plan reads the row the watermark falls in: that
-- row holds exactly the events up to the watermark only until the next seal adds to it.
ALTER TABLE rollup_watermarks ADD COLUMN generation bigint NOT NULL DEFAULT 0;

-- STABLE: it reads the calling statement's snapshot, the same one the statement's rollup rows and raw events come
-- from. Raises EL001 (the application plans again with a fresh view) instead of answering from an outdated plan.
CREATE FUNCTION rollup_plan_holds(p_project text, p_generation bigint, p_watermark timestamptz)
RETURNS boolean LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    current_generation bigint;
    current_watermark  timestamptz;
BEGIN
    SELECT generation, watermark INTO current_generation, current_watermark
    FROM rollup_watermarks WHERE project_id = p_project;
    IF current_generation IS DISTINCT FROM p_generation
            OR (p_watermark IS NOT NULL AND current_watermark IS DISTINCT FROM p_watermark) THEN
        RAISE EXCEPTION 'the rollups changed since this report was planned' USING ERRCODE = 'EL001';
    END IF;
    RETURN true;
END
$$;
