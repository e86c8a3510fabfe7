package io.eventlens.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The three dashboard questions of docs/benchmarks.md, each as a GraphQL report over a range ending at a given
 * instant and as the plain SQL over raw events that must give the same answer.
 */
enum DashboardQuestion {
    Q1(
            "events + distinct users by type, last 7 days",
            Duration.ofDays(7),
            "\"metrics\":[\"events\",\"uniqueUsers\"],\"dimensions\":[\"type\"]",
            "SELECT type, count(*)::float8, count(DISTINCT user_id)::float8 FROM events WHERE project_id = ? "
                    + "AND ts >= ? AND ts < ? GROUP BY type ORDER BY 2 DESC, type COLLATE \"C\""),
    Q2(
            "events per hour, last 24 hours",
            Duration.ofHours(24),
            "\"metrics\":[\"events\"],\"granularity\":\"HOUR\"",
            "SELECT to_char(date_trunc('hour', ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
                    + "count(*)::float8 FROM events WHERE project_id = ? AND ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1"),
    Q3(
            "revenue by country for purchases, last 30 days, top 10",
            Duration.ofDays(30),
            "\"metrics\":[\"revenue\"],\"dimensions\":[\"country\"],\"filters\":[{\"dimension\":\"type\",\"op\":\"EQ\","
                    + "\"values\":[\"purchase\"]}],\"limit\":10",
            "SELECT country, coalesce(sum(revenue), 0)::float8 FROM events WHERE project_id = ? AND ts >= ? AND ts < ? "
                    + "AND type = 'purchase' GROUP BY country ORDER BY 2 DESC, country COLLATE \"C\" NULLS LAST LIMIT 10");

    /** One answer row: its key (dimension values or bucket) and its metric values. */
    record Row(String key, List<Double> values) {}

    private final String title;
    private final Duration span;
    private final String input;
    private final String sql;

    DashboardQuestion(String title, Duration span, String input, String sql) {
        this.title = title;
        this.span = span;
        this.input = input;
        this.sql = sql;
    }

    String title() {
        return title;
    }

    /** The GraphQL request for the range ending at {@code to}; with {@code explain}, the SQL's own timings too. */
    String request(Instant to, boolean explain) {
        return "{\"query\":\"query($input: ReportInput!) { report(input: $input) { rows { bucket dimensions values } "
                + "totals meta { source" + (explain ? " statements { planningMs executionMs }" : "")
                + " } } }\",\"variables\":{\"input\":{" + input + ",\"from\":\"" + to.minus(span) + "\",\"to\":\"" + to
                + "\"" + (explain ? ",\"explain\":true" : "") + "}}}";
    }

    /** The report's rows as keys and values, zero rows of a series left out (the SQL has none). */
    List<Row> rows(JsonNode report) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode row : report.path("rows")) {
            List<Double> values = new ArrayList<>();
            row.path("values").forEach(value -> values.add(value.asDouble()));
            String key = row.path("bucket").isNull()
                    ? row.path("dimensions").get(0).asString()
                    : row.path("bucket").asString();
            if (!row.path("bucket").isNull() && values.stream().allMatch(v -> v == 0)) {
                continue;
            }
            rows.add(new Row(key, values));
        }
        return rows;
    }

    /** The same question asked of raw events in SQL. */
    List<Row> rawAnswer(Connection connection, String project, Instant to) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, project);
            statement.setTimestamp(2, Timestamp.from(to.minus(span)));
            statement.setTimestamp(3, Timestamp.from(to));
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Double> values = new ArrayList<>();
                    for (int i = 2; i <= columns; i++) {
                        values.add(result.getDouble(i));
                    }
                    rows.add(new Row(String.valueOf(result.getString(1)), values));
                }
            }
            return rows;
        }
    }
}
