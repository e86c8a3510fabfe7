-- When the indexes of each append-only rollup table were last rebuilt (RollupIndexRebuild), with the table's count of
-- deleted rows then (pg_stat_user_tables.n_tup_del): the next rebuild is due once as many rows again as the table
-- holds have been deleted since.
CREATE TABLE rollup_index_rebuilds (
    table_name   text        PRIMARY KEY,
    deleted_rows bigint      NOT NULL,
    rebuilt_at   timestamptz NOT NULL DEFAULT now()
);
