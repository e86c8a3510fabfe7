package io.eventlens.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * Starts the whole application on a random port with its own embedded PostgreSQL (random port) in a data directory
 * under {@code target/test-data/} that is unique to this JVM run. Every test class carrying only this annotation
 * shares one cached context, and so one database: write events with fresh ids (or a fresh project) and never assume
 * an empty store. The demo project's keys and the server admin token are those of {@link TestKeys}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        classes = EventLensApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "eventlens.data-dir=target/test-data/" + TestRun.ID_PLACEHOLDER,
            "eventlens.embedded-postgres.port=0",
            "eventlens.embedded-redis.port=0",
            "eventlens.security.admin-token=" + TestKeys.SERVER,
            "eventlens.security.demo-keys.ingest=" + TestKeys.INGEST,
            "eventlens.security.demo-keys.read=" + TestKeys.READ,
            "eventlens.security.demo-keys.admin=" + TestKeys.ADMIN,
            // Every test class shares these keys within the same second (one cached context, random order), and one
            // test sends a whole 10,000-event batch: the default per-key budgets would make them depend on the others
            // (ApiKeyTests was once refused for the 101st query in a second).
            // Rate limits are tested on projects of their own (RateLimitTests).
            "eventlens.limits.ingest-events-per-second=1000000",
            "eventlens.limits.queries-per-second=1000000",
            // Browser events take their country from this header, as from a proxy's (TrackerEndpointTests).
            "eventlens.collect.country-header=X-Test-Country"
        })
@ContextConfiguration(initializers = TestRun.class)
public @interface EventLensAppTest {}
