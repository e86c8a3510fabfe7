package io.eventlens.app.seed;

import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Generates the events of a seed and writes them through the storage's bulk path, a few batches at a time. */
final class Seeder {

    private final EventStorage storage;
    private final Clock clock;

    Seeder(EventStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * @param progress told how many events each committed batch held
     */
    Mono<SeedSummary> seed(SeedOptions options, LongConsumer progress) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            EventGenerator generator = new EventGenerator(
                    options.seed(), clock.instant(), Duration.ofDays(options.days()), options.users());
            return Flux.fromIterable(() -> generator.batches(options.events(), options.batchSize()))
                    // Generate on a worker of our own, never on the driver's event loop that asks for more.
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(
                            batch -> storage.write(options.project(), batch)
                                    .doOnNext(written -> progress.accept(batch.size())),
                            options.concurrency())
                    .reduce(WriteResult.EMPTY, WriteResult::plus)
                    .map(total -> new SeedSummary(
                            options.events(),
                            total.inserted(),
                            total.duplicates(),
                            Duration.ofNanos(System.nanoTime() - started)));
        });
    }
}
