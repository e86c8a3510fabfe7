package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.sql.SqlBinder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects bind values while a statement is compiled and hands out their {@code $n} placeholders; also carries the
 * project's {@link PromotedColumns} the statement may read instead of the JSON (none unless given).
 */
public final class SqlParameters implements SqlBinder {

    private final List<Object> values = new ArrayList<>();
    private final PromotedColumns promoted;

    public SqlParameters() {
        this(PromotedColumns.NONE);
    }

    SqlParameters(PromotedColumns promoted) {
        this.promoted = promoted;
    }

    PromotedColumns promoted() {
        return promoted;
    }

    /** A placeholder for a text value, typed so PostgreSQL never has to guess. */
    @Override
    public String text(String value) {
        return add(value) + "::text";
    }

    public String textArray(List<String> value) {
        return add(value.toArray(String[]::new)) + "::text[]";
    }

    /** Bound as an offset date-time: PostgreSQL reads it as an absolute instant whatever the session time zone. */
    @Override
    public String timestamp(Instant value) {
        return add(OffsetDateTime.ofInstant(value, ZoneOffset.UTC)) + "::timestamptz";
    }

    /** ISO-8601 instants with Z, read as absolute instants whatever the session time zone. */
    String timestampArray(List<Instant> value) {
        return add(value.stream().map(Instant::toString).toArray(String[]::new)) + "::timestamptz[]";
    }

    public String uuid(java.util.UUID value) {
        return add(value) + "::uuid";
    }

    String number(java.math.BigDecimal value) {
        return add(value) + "::numeric";
    }

    public String integer(int value) {
        return add(value) + "::int";
    }

    public String real(double value) {
        return add(value) + "::float8";
    }

    public String bool(boolean value) {
        return add(value) + "::boolean";
    }

    public String bigint(long value) {
        return add(value) + "::bigint";
    }

    /**
     * The placeholder of the ids of {@code kind}'s member sets the app already holds, one per statement; bound when the
     * statement runs ({@link MemberSetCache#bind}), as the statement's shape last needed them.
     */
    String knownMemberSets(MemberSetCache.Kind kind, ProjectId project) {
        MemberSetCache.Placeholder placeholder = new MemberSetCache.Placeholder(kind, project.value());
        int index = values.indexOf(placeholder);
        return (index >= 0 ? "$" + (index + 1) : add(placeholder)) + "::bigint[]";
    }

    public SqlStatement statement(String sql) {
        return new SqlStatement(sql, values);
    }

    private String add(Object value) {
        values.add(value);
        return "$" + values.size();
    }
}
