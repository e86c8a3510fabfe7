package io.eventlens.app.embedded;

import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * Run in a child JVM: starts the embedded Redis in the given directory on the given port, prints its port and pid, then
 * either dies like {@code kill -9} ({@code halt}) or exits normally without stopping it ({@code exit}).
 */
final class CrashingRedis {

    static final String READY = "redis ready on port ";
    static final String PID = "redis pid ";

    public static void main(String[] arguments) throws Exception {
        RedisServer redis = EmbeddedRedisLauncher.start(
                Path.of(arguments[0]), new EmbeddedRedisProperties(Integer.parseInt(arguments[1])));
        System.out.println(READY + redis.ports().getFirst());
        ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").contains("redis-server"))
                .forEach(child -> System.out.println(PID + child.pid()));
        System.out.flush();
        if (arguments[2].equals("halt")) {
            // halt skips shutdown hooks, so nothing stops the server: exactly what a killed JVM leaves behind.
            Runtime.getRuntime().halt(0);
        }
        System.exit(0);
    }
}
