package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Which batches reach which subscriber of the feed. */
class LiveFeedTests {

    private static final ProjectId PROJECT = new ProjectId("shop");
    private static final Dimension TYPE = new Dimension.Column(EventColumn.TYPE);
    private static final Dimension PROBE = new Dimension.Property("probe");
    private static final Duration QUIET = Duration.ofMillis(100);

    private final LiveFeed feed = new LiveFeed();

    @Test
    void aRoutedSubscriberGetsOnlyTheBatchesWithAnEventOfItsValues() {
        CommittedBatch signups = batch(PROJECT, event("signup"), event("page_view"));
        CommittedBatch views = batch(PROJECT, event("page_view"));
        CommittedBatch purchases = batch(PROJECT, event("purchase"));
        CommittedBatch elsewhere = batch(new ProjectId("other"), event("signup"));

        StepVerifier.create(feed.batches(PROJECT, TYPE, Set.of("signup", "purchase")))
                .then(() -> List.of(signups, views, purchases, elsewhere).forEach(feed::publish))
                .expectNext(signups, purchases)
                .expectNoEvent(QUIET)
                .thenCancel()
                .verify();
    }

    @Test
    void everyBatchReachesAnUnroutedSubscriberOnceAndARoutedOneOnceWhateverHowManyEventsMatch() {
        CommittedBatch twoProbes = batch(PROJECT, probe("a"), probe("a"), event("page_view"));
        Flux<CommittedBatch> all = feed.batches();
        Flux<CommittedBatch> probeA = feed.batches(PROJECT, PROBE, Set.of("a"));
        Flux<CommittedBatch> probeAlsoA = feed.batches(PROJECT, PROBE, Set.of("a", "b"));

        StepVerifier.create(Flux.merge(all, probeA, probeAlsoA))
                .then(() -> feed.publish(twoProbes))
                .expectNext(twoProbes, twoProbes, twoProbes)
                .expectNoEvent(QUIET)
                .thenCancel()
                .verify();
    }

    @Test
    void aBatchPublishedBeforeTheRoutedSubscriberReadsIsKeptForIt() {
        CommittedBatch probeB = batch(PROJECT, probe("b"));
        Flux<CommittedBatch> routed = feed.batches(PROJECT, PROBE, Set.of("b"));

        StepVerifier.create(routed, 0)
                .then(() -> feed.publish(probeB))
                .expectNoEvent(QUIET)
                .thenRequest(1)
                .expectNext(probeB)
                .thenCancel()
                .verify();
    }

    @Test
    void aCancelledSubscriberIsNoLongerRouted() {
        StepVerifier.create(feed.batches(PROJECT, PROBE, Set.of("c", "d")))
                .then(() -> assertThat(feed.routedValues()).isEqualTo(2))
                .thenCancel()
                .verify();

        assertThat(feed.routedValues()).isZero();
    }

    private static CommittedBatch batch(ProjectId project, Event... events) {
        return new CommittedBatch(project, List.of(events));
    }

    private static Event event(String type) {
        return Event.builder(UUID.randomUUID(), type, Instant.EPOCH).build();
    }

    private static Event probe(String value) {
        return Event.builder(UUID.randomUUID(), "probe", Instant.EPOCH)
                .properties(Map.of("probe", value))
                .build();
    }
}
