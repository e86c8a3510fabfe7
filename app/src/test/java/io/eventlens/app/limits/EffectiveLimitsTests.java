package io.eventlens.app.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.Project;
import io.eventlens.core.access.ProjectDirectory;
import io.eventlens.core.access.ProjectLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Concurrent requests share one lookup of a project's limits; a failed lookup is tried again by the next request. */
class EffectiveLimitsTests {

    private static final ProjectId PROJECT = new ProjectId("shop");

    /** Projects in memory, each lookup counted and answered after a moment, as a busy store answers. */
    private static final class SlowDirectory implements ProjectDirectory {
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public Mono<Project> find(ProjectId id) {
            return Mono.defer(() -> {
                lookups.incrementAndGet();
                return failing.get()
                        ? Mono.<Project>error(new IllegalStateException("store down"))
                        : Mono.just(new Project(id, "Shop", new ProjectLimits(null, 7, null), Instant.EPOCH))
                                .delayElement(Duration.ofMillis(100));
            });
        }

        @Override
        public Flux<Project> list() {
            return Flux.empty();
        }

        @Override
        public Mono<Boolean> create(Project project) {
            return Mono.just(false);
        }

        @Override
        public Mono<Boolean> limit(ProjectId id, ProjectLimits limits) {
            return Mono.just(false);
        }
    }

    private static LimitProperties defaults() {
        return new LimitProperties(
                10_000,
                100,
                200,
                LimitProperties.WhenRedisIsDown.FAIL_OPEN,
                Duration.ofMillis(500),
                Duration.ofSeconds(5));
    }

    @Test
    void requestsArrivingTogetherShareOneLookupAndGetTheProjectsOwnAndDefaultLimits() {
        SlowDirectory directory = new SlowDirectory();
        EffectiveLimits limits = new EffectiveLimits(directory, defaults());

        List<Integer> answers = Flux.range(0, 50)
                .flatMap(i -> limits.of(PROJECT, i % 2 == 0 ? Limit.QUERIES : Limit.INGEST_EVENTS)
                        .delaySubscription(Duration.ofMillis(i % 5)))
                .collectList()
                .block(Duration.ofSeconds(5));

        assertThat(answers).hasSize(50).containsOnly(7, 10_000);
        assertThat(answers.stream().filter(a -> a == 7)).hasSize(25);
        assertThat(directory.lookups).hasValue(1);
    }

    @Test
    void aFailedLookupIsNotRememberedAsTheAnswer() {
        SlowDirectory directory = new SlowDirectory();
        EffectiveLimits limits = new EffectiveLimits(directory, defaults());
        directory.failing.set(true);
        assertThat(limits.of(PROJECT, Limit.QUERIES)
                        .onErrorResume(e -> Mono.just(-1))
                        .block(Duration.ofSeconds(5)))
                .isEqualTo(-1);

        directory.failing.set(false);
        assertThat(limits.of(PROJECT, Limit.QUERIES).block(Duration.ofSeconds(5)))
                .isEqualTo(7);
        assertThat(directory.lookups).hasValue(2);
    }
}
