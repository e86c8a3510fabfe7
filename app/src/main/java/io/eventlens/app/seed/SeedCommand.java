package io.eventlens.app.seed;

import io.eventlens.core.storage.EventStorage;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * {@code eventlens seed --events N --seed S ...}: starts EventLens without a web server, loads generated events and
 * reports what it stored. Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
public final class SeedCommand {

    /** The first program argument that selects this command. */
    public static final String NAME = "seed";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String REDIS_PORT = "eventlens.embedded-redis.port";

    private SeedCommand() {}

    /**
     * Runs the command in this JVM; progress goes to {@code err}, the summary to {@code out}.
     *
     * @param application the Spring Boot application class to start (passed in so this package does not depend on
     *     the one that launches it)
     */
    public static int run(Class<?> application, String[] arguments, PrintStream out, PrintStream err) {
        SeedOptions options;
        try {
            options = SeedOptions.parse(arguments);
        } catch (SeedUsageException e) {
            err.println("eventlens seed: " + e.getMessage());
            err.print(SeedOptions.USAGE);
            return USAGE;
        }
        try (ConfigurableApplicationContext context = start(application, options)) {
            Seeder seeder = new Seeder(context.getBean(EventStorage.class), Clock.systemUTC());
            SeedSummary summary;
            try (ProgressBar bar = progressBar(options, err)) {
                // The seed ends with its summary or an error, never empty.
                summary =
                        Objects.requireNonNull(seeder.seed(options, bar::stepBy).block(), "summary");
            }
            out.println(summary.describe());
            return OK;
        } catch (RuntimeException e) {
            err.println("eventlens seed failed: " + causes(e));
            return FAILED;
        }
    }

    private static ConfigurableApplicationContext start(Class<?> application, SeedOptions options) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // A default only: keep the terminal for the progress bar unless the user asks for logs.
                .properties("logging.level.root=warn")
                .initializers(SeedCommand::anyFreeRedisPort)
                .run(options.springArguments().toArray(String[]::new));
    }

    /**
     * Seeding publishes nothing live, so its embedded Redis must not compete with a running app for the fixed port.
     * Above application.yml (a default property would lose to its 63790), below the user's own command line.
     */
    private static void anyFreeRedisPort(ConfigurableApplicationContext context) {
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        MapPropertySource seed = new MapPropertySource("eventlensSeed", Map.of(REDIS_PORT, 0));
        if (sources.contains(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME, seed);
        } else {
            sources.addFirst(seed);
        }
    }

    private static ProgressBar progressBar(SeedOptions options, PrintStream err) {
        ProgressBarBuilder builder = new ProgressBarBuilder();
        // On the real stderr the library sizes the bar to the terminal; elsewhere (tests, pipes) a fixed width.
        if (err != System.err) {
            builder.setConsumer(new ConsoleProgressBarConsumer(err, 100));
        }
        return builder.setTaskName("Seeding")
                .setInitialMax(options.events())
                .setUnit(" events", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .build();
    }

    /** The chain of causes, one per line: the useful message is rarely the outermost one. */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause();
                cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            text.append(System.lineSeparator()).append("  caused by: ").append(cause);
        }
        return text.toString();
    }
}
