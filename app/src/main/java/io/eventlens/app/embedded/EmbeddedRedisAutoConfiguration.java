package io.eventlens.app.embedded;

import io.eventlens.app.EventLensProperties;
import io.eventlens.realtime.RedisEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import redis.embedded.RedisServer;

/**
 * Without an external Redis, starts one (its pid file in {@code ${eventlens.data-dir}/redis}) and hands the realtime
 * module its address; it stops when the context closes, after the client that uses it.
 */
@AutoConfiguration(beforeName = EmbeddedRedisAutoConfiguration.REALTIME_AUTO_CONFIGURATION)
@Conditional(NoExternalRedisCondition.class)
@EnableConfigurationProperties({EventLensProperties.class, EmbeddedRedisProperties.class})
final class EmbeddedRedisAutoConfiguration {

    /** Ours must come first so that the realtime module finds our endpoint. */
    static final String REALTIME_AUTO_CONFIGURATION = "io.eventlens.realtime.RealtimeAutoConfiguration";

    @Bean(destroyMethod = "stop")
    RedisServer embeddedRedis(EventLensProperties eventLens, EmbeddedRedisProperties properties) throws IOException {
        return EmbeddedRedisLauncher.start(eventLens.dataDir().resolve("redis"), properties);
    }

    /** Starts Redis again on the same port when it dies while the app runs; the client reconnects to it. */
    @Bean(destroyMethod = "close")
    ServerSupervisor<RedisServer> embeddedRedisSupervisor(RedisServer redis, EventLensProperties eventLens)
            throws Exception {
        Path home = eventLens.dataDir().resolve("redis");
        int port = redis.ports().getFirst();
        return new ServerSupervisor<>(
                "Redis",
                new ServerSupervisor.Launcher<>() {
                    @Override
                    public RedisServer start() throws IOException {
                        return EmbeddedRedisLauncher.start(home, new EmbeddedRedisProperties(port));
                    }

                    @Override
                    public ProcessHandle process(RedisServer server) throws IOException {
                        return EmbeddedRedisLauncher.process(home, port);
                    }

                    @Override
                    public void release(RedisServer server) throws IOException {
                        server.stop();
                    }
                },
                redis,
                EmbeddedPostgresAutoConfiguration.SUPERVISION_POLL);
    }

    @Bean
    RedisEndpoint redisEndpoint(RedisServer redis) {
        return new RedisEndpoint("redis://127.0.0.1:" + redis.ports().getFirst());
    }
}
