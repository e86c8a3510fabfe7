package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupSegment;
import io.eventlens.sql.EventSql;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The rows a report aggregates, as {@code e}: the events table, or for a plan with rollups the union of rollup rows
 * and the raw events of the other ranges, shaped alike. A rollup row stands at its bucket's start with its event
 * count in {@code n} and its revenue sum in {@code revenue}; a raw event has {@code n = 1}. Counting metrics
 * therefore sum {@code n} ({@link #weighted()}); sums and distinct counts read the same columns either way. Plans that
 * merge distinct counts add the rollups' partial rows (sketches or member sets, with {@code n = 0}) and, for member
 * sets, the raw events' member numbers.
 */
record RowSource(ReportPlan plan, Map<Rollup, Integer> rollupIds, long generation, Set<EventColumn> read) {

    /**
     * Every event column in the union, for callers that do not know which the report reads; the engine passes
     * {@link io.eventlens.core.rollup.ColumnsRead#by}.
     */
    RowSource(ReportPlan plan, Map<Rollup, Integer> rollupIds, long generation) {
        this(plan, rollupIds, generation, EnumSet.allOf(EventColumn.class));
    }

    RowSource {
        read = Set.copyOf(read);
    }

    /** Raw events only. */
    static final RowSource EVENTS = new RowSource(
            ReportPlan.eventsOnly(new TimeRange(java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1))),
            Map.of(),
            0);

    /** The SQLSTATE {@code rollup_plan_holds} raises when the rollups changed since the plan was made. */
    static final String PLAN_OUTDATED = "EL001";

    boolean weighted() {
        return !plan.eventsOnly();
    }

    /**
     * Raw ranges that span this much at most hold few events (a sub-grain head, the unsealed tail): their member
     * numbers are sent as they are, repeats and all, which {@link MemberSets#members} forgives. Removing repeats in
     * the database sorts every group's numbers, 0.8 ms of a 4 ms week-long report at 10M events (EXPLAIN ANALYZE).
     */
    static final Duration RAW_NUMBERS_SENT_AS_THEY_ARE = Duration.ofHours(1);

    /**
     * A distinct count over a plan with member sets, as one {@code bytea} that {@link MemberSets#members} reads: the
     * sets PostgreSQL sends whole, each after its tagged id; the tagged ids of those the app holds already
     * ({@link MemberSetCache}: the row's set is null here); then the raw events' member numbers. Bytes, not a text
     * array of base64: the driver's text-array decoding took half the application's CPU of a report over a week (JFR).
     * Numbers of longer raw ranges are sent once each, so the cell stays the size of the members, not of the events.
     */
    String memberDistinct(MemberSetCache.Kind kind) {
        String set = "e." + (kind == MemberSetCache.Kind.USERS ? "users_set" : "sessions_set");
        String number = "e." + (kind == MemberSetCache.Kind.USERS ? "user_no" : "session_no");
        String taggedId = "int8send(e.set_id * 2 + " + kind.ordinal() + ")";
        Duration raw = plan.rawRanges().stream()
                .map(range -> Duration.between(range.from(), range.to()))
                .reduce(Duration.ZERO, Duration::plus);
        String distinct = raw.compareTo(RAW_NUMBERS_SENT_AS_THEY_ARE) > 0 ? "DISTINCT " : "";
        return "int4send(coalesce(sum(8 + length(" + set + ")), 0)::int) || coalesce(string_agg(" + taggedId + " || "
                + set + ", ''::bytea), ''::bytea) || int4send((8 * count(e.set_id) FILTER (WHERE " + set
                + " IS NULL))::int) || coalesce(string_agg(" + taggedId + ", ''::bytea) FILTER (WHERE " + set
                + " IS NULL), ''::bytea) || coalesce(string_agg(" + distinct + "int4send(" + number
                + "), ''::bytea), ''::bytea)";
    }

    /**
     * A distinct count over an approximate plan: the rows' sketches and the distinct ids of raw events (and of
     * rollups that keep the id), as one text array that {@link DistinctSketches#estimate} merges.
     */
    static String approximateDistinct(String sketchColumn, String idColumn) {
        return "array_cat(coalesce(array_agg('" + DistinctSketches.SKETCH + "' || encode(e." + sketchColumn
                + ", 'base64')) FILTER (WHERE e." + sketchColumn + " IS NOT NULL), '{}'), coalesce(array_agg(DISTINCT '"
                + DistinctSketches.ID + "' || e." + idColumn + ") FILTER (WHERE e." + idColumn
                + " IS NOT NULL), '{}'))";
    }

    String sql(ProjectId project, SqlParameters p) {
        if (!weighted()) {
            return "events e";
        }
        // One branch per segment, each a plain index range, for the reason the raw ranges have theirs (rawEvents):
        // a rollup's head and tail ranges as one OR made the generic plan scan the rollup's rows over the report's
        // whole range (auto_explain at 10M: 1,938 of Q1's 5,772 buffers, a week of 15-minute rows for 20 of them).
        StringJoiner union = new StringJoiner(" UNION ALL ");
        for (RollupSegment segment : plan.segments()) {
            Rollup rollup = segment.rollup();
            union.add(rollupRows(rollup, segment.range(), project, p));
            if (plan.approximate() && rollup.keepsSketches()) {
                union.add(partialRows(PartialRows.Kind.SKETCHES, rollup, segment.range(), project, p));
            }
            if (plan.memberSets()) {
                union.add(partialRows(PartialRows.Kind.MEMBERS, rollup, segment.range(), project, p));
            }
        }
        if (!plan.rawRanges().isEmpty()) {
            union.add(rawEvents(plan.rawRanges(), project, p));
        }
        return "(" + union + ") e";
    }

    /**
     * The columns of the distinct-count data a plan merges, for a branch that has none of its own: sketches in
     * approximate plans, member sets and numbers in plans with member sets, nothing otherwise.
     */
    private String noDistincts(boolean rawNumbers) {
        if (plan.approximate()) {
            return ", NULL::bytea AS users_hll, NULL::bytea AS sessions_hll";
        }
        if (plan.memberSets()) {
            return ", NULL::bytea AS users_set, NULL::bytea AS sessions_set, NULL::bigint AS set_id, "
                    + (rawNumbers ? "user_no, session_no" : "NULL::int AS user_no, NULL::int AS session_no");
        }
        return "";
    }

    /**
     * A rollup's partial rows of sketches or member sets, with no events and no revenue of their own: they only feed
     * the distinct counts ({@link DistinctSketches}, {@link MemberSets}).
     */
    private String partialRows(
            PartialRows.Kind kind, Rollup rollup, TimeRange range, ProjectId project, SqlParameters p) {
        String columns = keyColumns(rollup);
        // Sets the app holds are named by id alone: null here, never read from their pages (MemberSetCache).
        String sets = kind == PartialRows.Kind.SKETCHES
                ? "users AS users_hll, sessions AS sessions_hll"
                : "CASE WHEN id = ANY(" + p.knownMemberSets(MemberSetCache.Kind.USERS, project)
                        + ") THEN NULL ELSE users END"
                        + " AS users_set, CASE WHEN id = ANY("
                        + p.knownMemberSets(MemberSetCache.Kind.SESSIONS, project)
                        + ") THEN NULL ELSE sessions END AS sessions_set, id AS set_id, NULL::int AS user_no, "
                        + "NULL::int AS session_no";
        return "SELECT project_id, bucket AS ts" + columns + ", 0::numeric AS revenue, 0::bigint AS n, " + sets
                + " FROM " + kind.table() + " WHERE " + guard(project, p) + " AND rollup_id = "
                + p.integer(id(rollup)) + " AND project_id = " + p.text(project.value()) + " AND "
                + range(range, "bucket", p);
    }

    private String rollupRows(Rollup rollup, TimeRange range, ProjectId project, SqlParameters p) {
        String columns = keyColumns(rollup);
        int id = id(rollup);
        return "SELECT project_id, bucket AS ts" + columns + ", revenue, events AS n" + noDistincts(false)
                + " FROM rollup_rows WHERE " + guard(project, p) + " AND rollup_id = " + p.integer(id)
                + " AND project_id = " + p.text(project.value()) + " AND " + range(range, "bucket", p);
    }

    /** The key columns the report reads, as a rollup's row has them: its own columns, the others null. */
    private String keyColumns(Rollup rollup) {
        StringJoiner columns = new StringJoiner(", ", ", ", "").setEmptyValue("");
        for (EventColumn column : Rollup.KEY_COLUMNS) {
            if (read.contains(column)) {
                String name = EventSql.column(column).substring(2);
                columns.add(rollup.columns().contains(column) ? name : "NULL::text AS " + name);
            }
        }
        return columns.toString();
    }

    /**
     * The check that the plan still holds, made once per statement in its own snapshot: no rollup it reads was
     * removed since, and a row read up to the watermark has not been added to by a seal since.
     */
    private String guard(ProjectId project, SqlParameters p) {
        java.time.Instant watermark = plan.segments().stream()
                .filter(RollupSegment::endsInsideARow)
                .map(segment -> segment.range().to())
                .findFirst()
                .orElse(null);
        return "rollup_plan_holds(" + p.text(project.value()) + ", " + p.bigint(generation) + ", "
                + (watermark == null ? "NULL" : p.timestamp(watermark)) + ")";
    }

    /**
     * One branch per raw range, each a plain index range: as one {@code OR} of ranges, the planner may scan the
     * events index over the report's whole range (the outer bounds it pushes down) and filter by the ranges, a week of
     * events read to keep a few minutes' head and tail (measured: 51,774 buffers for 41 rows at 1M events).
     */
    private String rawEvents(List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ", ", ", "").setEmptyValue("");
        Rollup.KEY_COLUMNS.stream()
                .filter(read::contains)
                .forEach(column -> columns.add(EventSql.column(column).substring(2)));
        StringJoiner branches = new StringJoiner(" UNION ALL ");
        for (TimeRange range : ranges) {
            branches.add("SELECT project_id, ts" + columns + ", coalesce(revenue::numeric, 0) AS revenue, "
                    + "1::bigint AS n" + noDistincts(true) + " FROM events WHERE project_id = "
                    + p.text(project.value()) + " AND " + range(range, "ts", p));
        }
        return branches.toString();
    }

    private static String range(TimeRange range, String column, SqlParameters p) {
        return "(" + column + " >= " + p.timestamp(range.from()) + " AND " + column + " < " + p.timestamp(range.to())
                + ")";
    }

    /** The id of a rollup the plan reads: the planner picks only rollups it was given with their ids. */
    private int id(Rollup rollup) {
        Integer id = rollupIds.get(rollup);
        if (id == null) {
            throw new IllegalStateException("no id for the planned rollup " + rollup.name());
        }
        return id;
    }
}
