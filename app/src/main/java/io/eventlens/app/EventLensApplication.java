package io.eventlens.app;

import io.eventlens.app.backup.BackupCommand;
import io.eventlens.app.seed.SeedCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Starts the EventLens server, or runs a command given as the first argument ({@code seed}, {@code backup},
 * {@code restore}).
 */
@SpringBootApplication
@EnableConfigurationProperties(EventLensProperties.class)
public class EventLensApplication {

    public static void main(String[] args) {
        if (args.length > 0 && BackupCommand.handles(args[0])) {
            System.exit(BackupCommand.run(
                    args[0], Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(SeedCommand.NAME)) {
            System.exit(SeedCommand.run(
                    EventLensApplication.class, Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(EventLensApplication.class, args);
    }
}
