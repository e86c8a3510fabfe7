package io.eventlens.app.clickhouse;

import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.clickhouse.ClickHouseTestServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of an app started by hand with ClickHouse as the engine and a PostgreSQL of the test's own for
 * projects and keys, with the demo keys of {@link TestKeys}.
 */
public final class ClickHouseApps {

    private ClickHouseApps() {}

    /**
     * @param clickHouseUrl the engine's HTTP address (the test server's, or a relay in front of it)
     * @param database a ClickHouse database that exists
     * @param name this app's data directory under the test run's
     */
    public static List<String> arguments(
            ClickHouseTestServer engine, String clickHouseUrl, String database, int postgresPort, String name) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/" + name,
                "--eventlens.embedded-redis.port=0",
                "--eventlens.storage.engine=clickhouse",
                "--eventlens.storage.clickhouse.url=" + clickHouseUrl,
                "--eventlens.storage.clickhouse.database=" + database,
                "--eventlens.storage.clickhouse.username=" + engine.username(),
                "--eventlens.storage.clickhouse.password=" + engine.password(),
                "--eventlens.storage.postgres.host=localhost",
                "--eventlens.storage.postgres.port=" + postgresPort,
                "--eventlens.storage.postgres.database=eventlens",
                "--eventlens.storage.postgres.username=postgres"));
        arguments.addAll(List.of(TestKeys.arguments()));
        return arguments;
    }

    /** A database name of this test run's own, one ClickHouse accepts. */
    public static String database(String prefix) {
        return prefix + "_" + TestRun.ID.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
