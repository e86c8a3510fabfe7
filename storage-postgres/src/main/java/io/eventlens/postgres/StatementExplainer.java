package io.eventlens.postgres;

import io.eventlens.core.query.StatementTiming;
import java.util.Objects;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a statement again under {@code EXPLAIN (ANALYZE)} and reads PostgreSQL's own planning and execution times:
 * the floor of that statement, apart from the network, the driver and the application. Per-node timing is off, so the
 * instrumentation barely adds to the times it reports.
 */
final class StatementExplainer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StatementExplainer() {}

    static Mono<StatementTiming> explain(PostgresDatabase database, SqlStatement statement) {
        return database.query(
                        new SqlStatement(
                                "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON, FORMAT JSON) " + statement.sql(),
                                statement.bindings()),
                        row -> Objects.requireNonNull(row.get(0, String.class)))
                .single()
                .map(plan -> {
                    JsonNode summary = JSON.readTree(plan).get(0);
                    return new StatementTiming(
                            statement.sql(),
                            summary.path("Planning Time").asDouble(),
                            summary.path("Execution Time").asDouble(),
                            plan);
                });
    }
}
