package io.eventlens.postgres;

import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** Runs statements on pooled connections: one connection per query, one transaction per unit of work. */
public final class PostgresDatabase {

    private final ConnectionFactory connections;
    private final ConnectionFactory rollupReads;
    /** Report statements of the rollup-reads pool, tokenized once per connection. */
    private final ParsedStatements reportStatements = new ParsedStatements();

    public PostgresDatabase(ConnectionFactory connections) {
        this(connections, connections);
    }

    /** With connections of their own for reports over rollups ({@link PostgresConnections#rollupReads}). */
    public PostgresDatabase(ConnectionFactory connections, ConnectionFactory rollupReads) {
        this.connections = connections;
        this.rollupReads = rollupReads;
    }

    /**
     * Runs one query on its own connection; driver failures become {@code StorageUnavailableException}. A query whose
     * subscriber goes away (a timeout, a client that disconnected) is cancelled in PostgreSQL too: otherwise it would
     * run to its end on a connection nobody reads, holding a core and a connection the next reads need.
     */
    public <T> Flux<T> query(SqlStatement statement, Function<Readable, T> mapper) {
        return query(connections, statement, mapper);
    }

    /**
     * {@link #query} for a statement that answers one row or none (a lookup by key): its first row, read to the end.
     * Taking the first row of {@link #query} with {@code next()} cancels the rest, and a cancelled query sends
     * PostgreSQL a cancel request on a connection of its own (a process forked for it) although the statement is as
     * good as done: under load, lookups of that kind sent ~25 cancel requests a second (JFR, 10M events, 500 users).
     */
    public <T> Mono<T> queryFirst(SqlStatement statement, Function<Readable, T> mapper) {
        return query(statement, mapper)
                .collectList()
                .filter(rows -> !rows.isEmpty())
                .map(List::getFirst);
    }

    /**
     * Runs {@code work} on one connection of its own, outside any transaction, for statements that must share a session
     * (a session's advisory lock and what it guards); the connection goes back to the pool after.
     */
    <T> Flux<T> onOneConnection(Function<Connection, Flux<T>> work) {
        return Flux.usingWhen(
                        connections.create(),
                        work,
                        Connection::close,
                        (connection, error) -> connection.close(),
                        connection -> cancelRunning(connection).then(Mono.from(connection.close())))
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate)
                .contextWrite(PostgresDatabase::detached);
    }

    /** {@link #query} for a report statement over rollups, on the connections that plan each statement once. */
    <T> Flux<T> queryOverRollups(SqlStatement statement, Function<Readable, T> mapper) {
        return query(
                rollupReads,
                connection -> Flux.from(reportStatements
                                .bound(driver(connection), statement)
                                .execute())
                        .concatMap(result -> result.map(mapper::apply)));
    }

    /** Report statements made on the rollup-reads pool so far (texts the driver tokenized): for tests. */
    long reportStatementsMade() {
        return reportStatements.made();
    }

    private static <T> Flux<T> query(
            ConnectionFactory connections, SqlStatement statement, Function<Readable, T> mapper) {
        return query(connections, connection -> query(connection, statement, mapper));
    }

    /** Runs one statement's work on a connection of its own, cancelled in PostgreSQL when abandoned. */
    private static <T> Flux<T> query(ConnectionFactory connections, Function<Connection, Flux<T>> statement) {
        return Flux.usingWhen(
                        connections.create(),
                        statement,
                        Connection::close,
                        (connection, error) -> connection.close(),
                        // The cancel request goes out before the connection returns to the pool: the next statement
                        // on it waits for this one to end, so the request cannot reach that one instead.
                        connection -> cancelRunning(connection).then(Mono.from(connection.close())))
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate)
                .contextWrite(PostgresDatabase::detached);
    }

    /**
     * The context the driver's operators see: none. Work on connections reads nothing from the caller's Reactor
     * context, and with the context-propagation library present Reactor restores a non-empty context's thread
     * locals around every {@code handle} step of the driver, once per message: 2.4 % of the app's CPU on reports
     * over rollups, and the deepest lookups of {@code currentContext}, another 3 % (JFR, 10M events, 2026-12-07).
     */
    private static Context detached(Context caller) {
        return Context.empty();
    }

    /** Asks PostgreSQL to stop the connection's running statement (a cancel request on a connection of its own). */
    private static Mono<Void> cancelRunning(Connection connection) {
        return driver(connection) instanceof PostgresqlConnection postgres
                ? postgres.cancelRequest().onErrorResume(e -> Mono.empty())
                : Mono.empty();
    }

    /** The driver's own connection under the pool's wrapper. */
    private static Connection driver(Connection connection) {
        Connection driver = connection;
        while (driver instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner) {
            driver = inner;
        }
        return driver;
    }

    /** Runs a write, SQL or COPY; answers the number of rows it added or changed. */
    static Mono<Long> write(Connection connection, RowWrite write) {
        return switch (write) {
            case SqlStatement statement -> update(connection, statement);
            case CopyRows copy -> copyIn(connection, copy.sql(), copy::buffer);
        };
    }

    /**
     * Runs {@code COPY ... FROM STDIN} with the body the supplier makes when the copy starts (the driver releases it
     * once sent); answers the number of rows copied.
     */
    static Mono<Long> copyIn(Connection connection, String sql, Supplier<ByteBuf> body) {
        if (!(driver(connection) instanceof PostgresqlConnection postgres)) {
            return Mono.error(new IllegalStateException("COPY needs a PostgreSQL connection, got "
                    + connection.getClass().getName()));
        }
        return postgres.copyIn(sql, Mono.fromSupplier(body));
    }

    public static <T> Flux<T> query(Connection connection, SqlStatement statement, Function<Readable, T> mapper) {
        return Flux.from(prepare(connection, statement).execute()).concatMap(result -> result.map(mapper::apply));
    }

    /** Executes a statement that returns no rows and answers the number of rows it changed. */
    public static Mono<Long> update(Connection connection, SqlStatement statement) {
        return Flux.from(prepare(connection, statement).execute())
                .concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum);
    }

    /**
     * Runs {@code work} in one transaction: committed when it completes, rolled back on error or cancellation, so
     * the returned Mono completing means "committed".
     */
    public <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(
                        connections.create(),
                        connection -> Mono.from(connection.beginTransaction())
                                .then(Mono.defer(() -> work.apply(connection)))
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty())
                                .flatMap(outcome -> Mono.from(connection.commitTransaction())
                                        .then(Mono.justOrEmpty(outcome))),
                        Connection::close,
                        (connection, error) -> rollback(connection).then(Mono.from(connection.close())),
                        connection -> rollback(connection).then(Mono.from(connection.close())))
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate)
                .contextWrite(PostgresDatabase::detached);
    }

    private static Mono<Void> rollback(Connection connection) {
        // A failed rollback means the connection is broken; closing it is all that is left to do.
        return Mono.from(connection.rollbackTransaction()).onErrorResume(e -> Mono.empty());
    }

    private static Statement prepare(Connection connection, SqlStatement statement) {
        Statement prepared = connection.createStatement(statement.sql());
        List<Object> bindings = statement.bindings();
        for (int i = 0; i < bindings.size(); i++) {
            prepared.bind(i, bindings.get(i));
        }
        return prepared;
    }
}
