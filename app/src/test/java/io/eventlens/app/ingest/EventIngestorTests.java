package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.ingest.EventDraft;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.ingest.IngestResult;
import io.eventlens.core.ingest.Rejection;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.EventStorage;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/** The ingestor bean every API shares, against the application's real storage. */
@EventLensAppTest
class EventIngestorTests {

    @Autowired
    EventIngestor ingestor;

    @Autowired
    EventStorage storage;

    /** A project of its own, so the read-back sees only this test's events. */
    final ProjectId project =
            new ProjectId("ingestor-" + UUID.randomUUID().toString().substring(0, 8));

    @Test
    void storesValidDraftsInOneWriteAndReportsTheRest() {
        UUID kept = UUID.randomUUID();
        List<EventDraft> drafts = List.of(
                new EventDraft(Map.of("id", kept.toString(), "type", "signup", "country", "fr")),
                new EventDraft(Map.of("type", "signup", "revenue", "free")),
                new EventDraft(Map.of("id", kept.toString(), "type", "signup")));

        ingestor.ingest(project, drafts)
                .as(StepVerifier::create)
                .assertNext(result -> {
                    assertThat(result.accepted()).isEqualTo(1);
                    assertThat(result.duplicates()).isEqualTo(1);
                    assertThat(result.rejected())
                            .extracting(Rejection::index, Rejection::field)
                            .containsExactly(tuple(1, "revenue"));
                })
                .verifyComplete();

        storage.events(new EventPageQuery(project, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.events()).extracting(Event::id).containsExactly(kept);
                    assertThat(page.events().getFirst().country()).isEqualTo("FR");
                })
                .verifyComplete();
    }

    @Test
    void allRejectedWritesNothing() {
        ingestor.ingest(project, List.of(new EventDraft(Map.of("type", 1))))
                .as(StepVerifier::create)
                .assertNext(result -> assertThat(result)
                        .isEqualTo(new IngestResult(
                                0,
                                0,
                                List.of(new Rejection(
                                        0, "type", result.rejected().getFirst().reason())))))
                .verifyComplete();
        storage.events(new EventPageQuery(project, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> assertThat(page.events()).isEmpty())
                .verifyComplete();
    }

    @Test
    void emptyBatchIsRefused() {
        ingestor.ingest(project, List.of())
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(
                                BatchRejectedException.class,
                                e -> assertThat(e.code()).isEqualTo(BatchRejectedException.Code.EMPTY_BATCH)))
                .verify();
    }

    @Test
    void batchOverTheLimitIsRefusedBeforeAnythingIsStored() {
        List<EventDraft> drafts = Collections.nCopies(10_001, new EventDraft(Map.of("type", "too_many")));

        ingestor.ingest(project, drafts)
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(BatchRejectedException.class, e -> {
                            assertThat(e.code()).isEqualTo(BatchRejectedException.Code.TOO_MANY_EVENTS);
                            assertThat(e.getMessage()).contains("10001").contains("10000");
                        }))
                .verify();
        storage.events(new EventPageQuery(project, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> assertThat(page.events()).isEmpty())
                .verifyComplete();
    }
}
