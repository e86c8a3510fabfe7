-- A project's custom metrics and dimensions, as expression text; one namespace per project for both kinds.
CREATE TABLE definitions (
    project_id   text        NOT NULL,
    name         text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('METRIC', 'DIMENSION')),
    expression   text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    unit         text,
    -- The custom metrics it uses, directly or through others: such a metric can't be removed while this exists.
    dependencies text[]      NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, name)
);

-- Custom metrics compute in numeric, which never overflows at double scale; a result outside the double range
-- is null (the language says overflow gives null), a result below it is 0. Inlinable SQL functions.
CREATE FUNCTION eventlens_float8(value numeric) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN abs(value) > 1.7976931348623157e308 THEN NULL
                      WHEN abs(value) < 2.2250738585072014e-308 THEN 0
                      ELSE value::double precision END $$;

-- A number of the language: null outside the double range.
CREATE FUNCTION eventlens_number(value numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN abs(value) <= 1.7976931348623157e308 THEN value END $$;
