package io.eventlens.clickhouse;

import com.clickhouse.client.ClickHouseClient;
import com.clickhouse.client.ClickHouseCredentials;
import com.clickhouse.client.ClickHouseNode;
import com.clickhouse.client.ClickHouseProtocol;
import com.clickhouse.client.ClickHouseResponse;
import com.clickhouse.data.ClickHouseFormat;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine's two paths to ClickHouse: queries through a hand-built clickhouse-r2dbc {@link ConnectionFactory}
 * (values substituted by the driver, escaped), and bulk inserts and DDL through the driver's own legacy client, which
 * sends a whole JSONEachRow body in one request (the driver's bound rows would each be a request).
 */
final class ClickHouseDatabase implements AutoCloseable {

    private final ClickHouseSettings settings;
    private final ClickHouseClient client;
    private final ClickHouseNode node;
    /** The driver's connections hold no server state (HTTP per statement): one is opened lazily and shared. */
    private final Mono<Connection> connection;

    ClickHouseDatabase(ClickHouseSettings settings) {
        this.settings = settings;
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(
                        "r2dbc:clickhouse:" + settings.endpoint())
                .mutate()
                .option(ConnectionFactoryOptions.USER, settings.username());
        if (settings.password() != null) {
            options.option(ConnectionFactoryOptions.PASSWORD, settings.password());
        }
        ConnectionFactory connections = ConnectionFactories.get(options.build());
        ClickHouseCredentials credentials = ClickHouseCredentials.fromUserAndPassword(
                settings.username(), settings.password() == null ? "" : settings.password());
        this.node = ClickHouseNode.builder(ClickHouseNode.of(settings.endpoint()))
                .credentials(credentials)
                .build();
        this.client = ClickHouseClient.newInstance(credentials, ClickHouseProtocol.HTTP);
        // A failed connect is not cached: the next query tries again.
        this.connection = Mono.from(connections.create())
                .map(Connection.class::cast)
                .cache(open -> Duration.ofMillis(Long.MAX_VALUE), failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** Runs one query; driver and server failures become {@code StorageUnavailableException}. */
    <T> Flux<T> query(SqlStatement statement, Function<Readable, T> mapper) {
        return connection
                .flatMapMany(c -> {
                    Statement prepared = c.createStatement(statement.sql());
                    List<String> bindings = statement.bindings();
                    for (int i = 0; i < bindings.size(); i++) {
                        prepared.bind("p" + i, bindings.get(i));
                    }
                    return Flux.from(prepared.execute()).concatMap(result -> result.map(mapper::apply));
                })
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate);
    }

    /** Inserts newline-delimited JSON objects into {@code table} in one request. */
    Mono<Void> insertJsonEachRow(String table, byte[] rows) {
        return Mono.fromFuture(() -> client.write(node)
                        .table(settings.database() + "." + table)
                        .format(ClickHouseFormat.JSONEachRow)
                        .data(new ByteArrayInputStream(rows))
                        .execute())
                .doOnNext(ClickHouseResponse::close)
                .then()
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate);
    }

    /** Runs a statement without parameters or rows, e.g. DDL, and waits for it. */
    void execute(String sql) {
        try (ClickHouseResponse response = client.read(node).query(sql).executeAndWait()) {
            response.getSummary();
        } catch (Exception e) {
            throw StorageFailures.translate(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
