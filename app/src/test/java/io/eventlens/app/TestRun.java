package io.eventlens.app;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Names this JVM's test run, so each run gets fresh data directories: annotation values must be constants, hence the
 * placeholder, which this initializer resolves to the same id for every context of the run.
 */
public final class TestRun implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Resolves to {@link #ID} in any context started with this initializer. */
    public static final String ID_PLACEHOLDER = "${eventlens.test-run-id}";

    /** Unique per JVM: start time plus process id (two runs in the same second still differ by pid). */
    public static final String ID = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
            + ProcessHandle.current().pid();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addLast(new MapPropertySource("eventlensTestRun", Map.of("eventlens.test-run-id", ID)));
    }
}
