package io.eventlens.app.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Starts the embedded Redis: loopback only and without persistence, since it only relays live notifications
 * between instances (a lost message costs a refresh, never data).
 */
final class EmbeddedRedisLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisLauncher.class);

    private EmbeddedRedisLauncher() {
    }

    static RedisServer start(EmbeddedRedisProperties properties) throws IOException {
        int port = properties.port() == 0 ? freePort() : properties.port();
        if (properties.port() != 0) {
            ensurePortIsFree(port);
        }
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        log.info("Embedded Redis ready: redis://localhost:{} (redis-cli -p {})", port, port);
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void ensurePortIsFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("The embedded Redis could not start: port " + port + " is in use. Set "
                    + "eventlens.embedded-redis.port to a free port (0 picks one) or point eventlens.redis.url at a "
                    + "running Redis.", e);
        }
    }
}
