package io.eventlens.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's statements for report SQL, kept per connection and SQL text so each text is tokenized once per
 * connection, not once per request: r2dbc-postgresql scans the whole text for parameters whenever a statement is
 * created (9.9 % of the app's CPU on reports over rollups, whose SQL is 2-5 KB; JFR, 10M events, 2026-12-07), and the
 * texts repeat, since values are bound. A statement is bound afresh before each run: binding replaces every value of
 * its one binding, and the statement is run again with them.
 *
 * <p>Only for connections that run one statement at a time, each run to its end or cancelled before the connection
 * is handed on (the rollup-reads pool, one statement per connection taken): two statements of the same text bound
 * before either runs would share one set of values.
 */
final class ParsedStatements {

    /** Report shapes kept per connection; the least recently run goes first. */
    private static final int PER_CONNECTION = 32;

    /** By the driver's connection (the pool wraps it anew each time it is taken), dropped with it. */
    private final Cache<Connection, Map<String, Statement>> byConnection =
            Caffeine.newBuilder().weakKeys().build();
    /** Statements made (texts tokenized): for tests. */
    private final AtomicLong made = new AtomicLong();

    /** The statement for {@code statement}'s text on {@code driver}, bound to its values. */
    Statement bound(Connection driver, SqlStatement statement) {
        Map<String, Statement> statements = byConnection.get(driver, connection -> recentlyRun());
        Statement prepared = statements.computeIfAbsent(statement.sql(), sql -> {
            made.incrementAndGet();
            return driver.createStatement(sql);
        });
        List<Object> bindings = statement.bindings();
        for (int i = 0; i < bindings.size(); i++) {
            prepared.bind(i, bindings.get(i));
        }
        return prepared;
    }

    long made() {
        return made.get();
    }

    private static Map<String, Statement> recentlyRun() {
        // Synchronized: the connection is taken by one thread at a time, but not always the same one.
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Statement> eldest) {
                return size() > PER_CONNECTION;
            }
        });
    }
}
