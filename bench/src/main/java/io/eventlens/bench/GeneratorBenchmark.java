// Seeder generation speed: how many events/s EventGenerator makes on one thread, without storing them.
// Target (issue 6): at least 500,000 events/s.
//
//   bench/program.sh GeneratorBenchmark [--events 5000000] [--users 20000]
package io.eventlens.bench;

import io.eventlens.core.event.Event;
import io.eventlens.core.seed.EventGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

public final class GeneratorBenchmark {

    public static void main(String[] args) {
        long events = 5_000_000;
        int users = EventGenerator.DEFAULT_USERS;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // Warm-up, then three timed rounds; the best is reported (the machine is shared).
        consume(new EventGenerator(1, Instant.now(), Duration.ofDays(30), users), Math.min(events, 1_000_000));
        double best = 0;
        for (int round = 1; round <= 3; round++) {
            EventGenerator generator = new EventGenerator(round, Instant.now(), Duration.ofDays(30), users);
            long started = System.nanoTime();
            long checksum = consume(generator, events);
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = events / seconds;
            best = Math.max(best, rate);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %,d events in %.2f s = %,.0f events/s (checksum %d)%n",
                    round,
                    events,
                    seconds,
                    rate,
                    checksum);
        }
        System.out.printf(Locale.ROOT, "best: %,.0f events/s (target >= 500,000)%n", best);
    }

    private static long consume(EventGenerator generator, long events) {
        long checksum = 0;
        Iterator<List<Event>> batches = generator.batches(events, 5_000);
        while (batches.hasNext()) {
            for (Event event : batches.next()) {
                checksum +=
                        event.id().getLeastSignificantBits() ^ event.timestamp().getNano();
            }
        }
        return checksum;
    }
}
