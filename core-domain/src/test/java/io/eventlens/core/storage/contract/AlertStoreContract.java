package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.alert.AlertCondition;
import io.eventlens.core.alert.AlertNotification;
import io.eventlens.core.alert.AlertRule;
import io.eventlens.core.alert.AlertState;
import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.alert.SeriesState;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The contract of an {@link AlertStore}: rules round-trip per project, a series moves only from the version it is
 * at, a notification is recorded once per incident and kind, and a due notification is claimed by one caller at a
 * time until it is settled. An engine module extends this class and supplies its store.
 */
public abstract class AlertStoreContract {

    private final ProjectId project = ContractFixture.freshProject();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** The store under test, connected to a real database. */
    protected abstract AlertStore store();

    private AlertRule rule(String id, AlertRule.@Nullable Webhook webhook) {
        return new AlertRule(
                project,
                id,
                "Rule '" + id + "'; DROP TABLE alert_rules; --",
                "events",
                List.of(
                        new FilterRequest("type", FilterOp.IN, List.of("error", "crash")),
                        new FilterRequest("properties.plan", FilterOp.EQ, List.of("pro"))),
                "country",
                7,
                "5m",
                Duration.ofMinutes(5),
                new AlertCondition.Change(-25.5),
                Duration.ofSeconds(90),
                Duration.ofMinutes(2),
                webhook,
                false,
                now);
    }

    private AlertNotification notification(
            String ruleId, SeriesState state, AlertNotification.Kind kind, boolean webhook) {
        return new AlertNotification(
                UUID.randomUUID(),
                project,
                ruleId,
                state.series(),
                kind,
                state.incident(),
                state.value(),
                now,
                "{\"kind\":\"" + kind + "\"}",
                AlertNotification.Delivery.fresh(webhook));
    }

    @Test
    void rulesRoundTripPerProjectAndCanBePausedAndRemoved() {
        AlertRule hooked = rule("hooked", new AlertRule.Webhook("https://example.com/hook", "s3cret-s3cret-s3cret"));
        AlertRule plain = rule("plain", null);
        store().save(hooked).as(StepVerifier::create).verifyComplete();
        store().save(plain).as(StepVerifier::create).verifyComplete();

        store().find(project, "hooked")
                .as(StepVerifier::create)
                .expectNext(hooked)
                .verifyComplete();
        store().list(project)
                .map(AlertRule::id)
                .collectList()
                .as(StepVerifier::create)
                .assertNext(ids -> assertThat(ids).containsExactlyInAnyOrder("hooked", "plain"))
                .verifyComplete();
        store().list(ContractFixture.freshProject()).as(StepVerifier::create).verifyComplete();

        AlertRule paused = plain.withPaused(true, now.plusSeconds(1));
        store().save(paused).as(StepVerifier::create).verifyComplete();
        store().find(project, "plain")
                .as(StepVerifier::create)
                .expectNext(paused)
                .verifyComplete();
        store().active()
                .filter(rule -> rule.project().equals(project))
                .map(AlertRule::id)
                .collectList()
                .as(StepVerifier::create)
                .assertNext(ids -> assertThat(ids).containsExactly("hooked"))
                .verifyComplete();

        store().remove(project, "plain")
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        store().remove(project, "plain")
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
        store().find(project, "plain").as(StepVerifier::create).verifyComplete();
    }

    @Test
    void everyKindOfConditionRoundTripsAndARedefinitionReplacesIt() {
        AlertRule base = rule("conditions", null);
        for (AlertCondition condition : List.of(
                new AlertCondition.Above(4.5),
                new AlertCondition.Below(-1),
                new AlertCondition.Change(30),
                new AlertCondition.Anomaly(2.5, 12),
                new AlertCondition.Above(1))) {
            AlertRule rule = new AlertRule(
                    project,
                    base.id(),
                    base.name(),
                    base.metric(),
                    base.filters(),
                    base.breakdown(),
                    base.maxSeries(),
                    base.last(),
                    base.window(),
                    condition,
                    base.pendingFor(),
                    base.resolveAfter(),
                    null,
                    false,
                    now);
            store().save(rule).as(StepVerifier::create).verifyComplete();
            store().find(project, "conditions")
                    .map(AlertRule::condition)
                    .as(StepVerifier::create)
                    .expectNext(condition)
                    .verifyComplete();
        }
    }

    @Test
    void aSeriesMovesOnlyFromTheVersionItIsAtAndNotifiesOncePerIncident() {
        store().save(rule("cas", null)).as(StepVerifier::create).verifyComplete();
        SeriesState initial = SeriesState.initial("cas", "DE");
        SeriesState firing = new SeriesState("cas", "DE", AlertState.FIRING, now, 1, 12.5, 1);
        AlertNotification fired = notification("cas", firing, AlertNotification.Kind.FIRING, false);

        store().transition(project, initial, firing, fired)
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        // A second evaluator computing the same move from the same version changes nothing.
        store().transition(project, initial, firing, notification("cas", firing, AlertNotification.Kind.FIRING, false))
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
        store().states(project, "cas")
                .as(StepVerifier::create)
                .expectNext(firing)
                .verifyComplete();

        // A stale version is refused too; the next one goes through.
        SeriesState resolved = new SeriesState("cas", "DE", AlertState.OK, now.plusSeconds(5), 1, null, 2);
        SeriesState stale = new SeriesState("cas", "DE", AlertState.FIRING, now, 1, 12.5, 5);
        store().transition(project, stale, resolved, null)
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
        store().transition(
                        project,
                        firing,
                        resolved,
                        notification("cas", resolved, AlertNotification.Kind.RESOLVED, false))
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();

        store().history(project, "cas", 10)
                .map(AlertNotification::kind)
                .collectList()
                .as(StepVerifier::create)
                .assertNext(kinds -> assertThat(kinds)
                        .containsExactlyInAnyOrder(AlertNotification.Kind.FIRING, AlertNotification.Kind.RESOLVED))
                .verifyComplete();
        store().history(project, null, 10)
                .filter(n -> n.id().equals(fired.id()))
                .as(StepVerifier::create)
                .assertNext(n -> {
                    assertThat(n).isEqualTo(fired);
                    assertThat(n.delivery().status()).isEqualTo(AlertNotification.Status.NONE);
                })
                .verifyComplete();
    }

    @Test
    void aDueNotificationIsClaimedOnceRetriedAndFinallyDeadLettered() {
        AlertRule.Webhook webhook = new AlertRule.Webhook("https://example.com/hook", "s3cret-s3cret-s3cret");
        store().save(rule("due", webhook)).as(StepVerifier::create).verifyComplete();
        SeriesState firing = new SeriesState("due", "", AlertState.FIRING, now, 1, 3.0, 1);
        AlertNotification fired = notification("due", firing, AlertNotification.Kind.FIRING, true);
        store().transition(project, SeriesState.initial("due", ""), firing, fired)
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();

        Instant later = now.plusSeconds(1);
        store().claimDue(later, later.plusSeconds(30), 1000)
                .filter(d -> d.notification().id().equals(fired.id()))
                .as(StepVerifier::create)
                .assertNext(due -> {
                    assertThat(due.webhook()).isEqualTo(webhook);
                    assertThat(due.notification().payload()).isEqualTo(fired.payload());
                })
                .verifyComplete();
        // Claimed: nobody else gets it until the claim runs out.
        store().claimDue(later, later.plusSeconds(30), 1000)
                .filter(d -> d.notification().id().equals(fired.id()))
                .as(StepVerifier::create)
                .verifyComplete();
        store().claimDue(later.plusSeconds(31), later.plusSeconds(60), 1000)
                .filter(d -> d.notification().id().equals(fired.id()))
                .count()
                .as(StepVerifier::create)
                .expectNext(1L)
                .verifyComplete();

        store().failed(fired.id(), 1, "HTTP_503: the webhook answered 503", later.plusSeconds(100))
                .as(StepVerifier::create)
                .verifyComplete();
        store().claimDue(later.plusSeconds(99), later.plusSeconds(120), 1000)
                .filter(d -> d.notification().id().equals(fired.id()))
                .as(StepVerifier::create)
                .verifyComplete();
        store().failed(fired.id(), 2, "UNREACHABLE: connection refused", null)
                .as(StepVerifier::create)
                .verifyComplete();
        store().deadLetters(project, 10)
                .as(StepVerifier::create)
                .assertNext(dead -> {
                    assertThat(dead.id()).isEqualTo(fired.id());
                    assertThat(dead.delivery())
                            .isEqualTo(new AlertNotification.Delivery(
                                    AlertNotification.Status.DEAD, 2, "UNREACHABLE: connection refused"));
                })
                .verifyComplete();
        store().claimDue(later.plusSeconds(10_000), later.plusSeconds(10_030), 1000)
                .filter(d -> d.notification().id().equals(fired.id()))
                .as(StepVerifier::create)
                .verifyComplete();
    }

    @Test
    void removingARuleRemovesItsStatesAndNotifications() {
        store().save(rule("gone", null)).as(StepVerifier::create).verifyComplete();
        SeriesState firing = new SeriesState("gone", "", AlertState.FIRING, now, 1, 3.0, 1);
        store().transition(
                        project,
                        SeriesState.initial("gone", ""),
                        firing,
                        notification("gone", firing, AlertNotification.Kind.FIRING, false))
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();

        store().remove(project, "gone")
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        store().states(project, "gone").as(StepVerifier::create).verifyComplete();
        store().history(project, "gone", 10).as(StepVerifier::create).verifyComplete();
    }
}
