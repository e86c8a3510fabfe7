package io.eventlens.app.seed;

import io.eventlens.core.ProjectId;
import io.eventlens.core.seed.EventGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed command's arguments. Options take their value as the next argument or after {@code =}; any other
 * {@code --name=value} is handed to Spring (e.g. {@code --eventlens.data-dir=/srv/eventlens}).
 */
record SeedOptions(
        long events,
        long seed,
        int days,
        int users,
        int batchSize,
        int concurrency,
        ProjectId project,
        List<String> springArguments) {

    static final String USAGE = """
            usage: eventlens seed --events N --seed S [--days D] [--users U] [--batch-size B] [--concurrency C]
                                  [--project P]
                                  [--spring.or.eventlens.property=value ...]
              --events N       how many events to generate (required, at least 1)
              --seed S         any whole number; the same N and S give the same events, so a reseed adds nothing
                               (required)
              --days D         spread the events over the last D days (default 30)
              --users U        how many distinct users visit (default 20000, at most 10000000); a fifth of
                               them bring 80% of the visits
              --batch-size B   events per write (default 5000, at most 100000)
              --concurrency C  writes in flight at once (default 2, at most 64)
              --project P      the project to load into (default "default")
            """;

    SeedOptions {
        springArguments = List.copyOf(springArguments);
    }

    static SeedOptions parse(String... arguments) {
        Long events = null;
        Long seed = null;
        int days = 30;
        int users = EventGenerator.DEFAULT_USERS;
        int batchSize = 5_000;
        int concurrency = 2;
        ProjectId project = ProjectId.DEFAULT;
        List<String> spring = new ArrayList<>();

        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            String name = argument;
            String value = null;
            int equals = argument.indexOf('=');
            if (equals > 0) {
                name = argument.substring(0, equals);
                value = argument.substring(equals + 1);
            }
            if (!isOption(name)) {
                if (argument.startsWith("--") && equals > 2) {
                    spring.add(argument);
                    continue;
                }
                throw new SeedUsageException("unknown argument: " + argument);
            }
            if (value == null) {
                if (i + 1 >= arguments.length) {
                    throw new SeedUsageException(name + " needs a value");
                }
                value = arguments[++i];
            }
            switch (name) {
                case "--events" -> events = number(name, value, 1, Long.MAX_VALUE);
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--days" -> days = (int) number(name, value, 1, 3_650);
                case "--users" -> users = (int) number(name, value, 1, EventGenerator.MAX_USERS);
                case "--batch-size" -> batchSize = (int) number(name, value, 1, 100_000);
                case "--concurrency" -> concurrency = (int) number(name, value, 1, 64);
                case "--project" -> project = project(value);
                default -> throw new IllegalStateException("unhandled option " + name);
            }
        }
        if (events == null) {
            throw new SeedUsageException("--events is required");
        }
        if (seed == null) {
            throw new SeedUsageException("--seed is required");
        }
        return new SeedOptions(events, seed, days, users, batchSize, concurrency, project, spring);
    }

    private static boolean isOption(String name) {
        return switch (name) {
            case "--events", "--seed", "--days", "--users", "--batch-size", "--concurrency", "--project" -> true;
            default -> false;
        };
    }

    private static long number(String name, String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new SeedUsageException(name + " must be a whole number: " + value);
        }
        if (number < min || number > max) {
            throw new SeedUsageException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return number;
    }

    private static ProjectId project(String value) {
        try {
            return new ProjectId(value);
        } catch (IllegalArgumentException e) {
            throw new SeedUsageException("--project: " + e.getMessage());
        }
    }
}
