package io.eventlens.core.alert;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where alert rules, their series' states and their notifications are kept, durably, so a restart or another
 * instance neither loses nor repeats a notification. Stores only persist: {@link AlertRules} validates first.
 */
public interface AlertStore {

    /** Every rule of the project, by name. */
    Flux<AlertRule> list(ProjectId project);

    /** Every rule of every project that is not paused: what the evaluator watches. */
    Flux<AlertRule> active();

    /** The rule with this id, or empty. */
    Mono<AlertRule> find(ProjectId project, String id);

    /** Inserts the rule or replaces the one with its id; completes once durable. */
    Mono<Void> save(AlertRule rule);

    /** Deletes the rule with its states and notifications; answers whether there was one. */
    Mono<Boolean> remove(ProjectId project, String id);

    /** The stored states of the rule's series (series never stored are {@link SeriesState#initial}). */
    Flux<SeriesState> states(ProjectId project, String ruleId);

    /**
     * Moves a series from {@code from} to {@code to} in one transaction with recording {@code notification} (if
     * any), only if the stored version is still {@code from.version()} (0: not stored yet). Answers false, changing
     * nothing, when another evaluator moved it first. A notification already recorded for the same (rule, series,
     * incident, kind) is not recorded again.
     */
    Mono<Boolean> transition(
            ProjectId project, SeriesState from, SeriesState to, @Nullable AlertNotification notification);

    /** The project's latest notifications, newest first; of one rule when {@code ruleId} is given. */
    Flux<AlertNotification> history(ProjectId project, @Nullable String ruleId, int limit);

    /** The project's notifications whose delivery gave up, newest first. */
    Flux<AlertNotification> deadLetters(ProjectId project, int limit);

    /**
     * Takes up to {@code limit} notifications due for a webhook attempt at {@code now}, and holds them until
     * {@code leaseUntil}: no other caller gets them meanwhile, and one not settled by then is due again.
     */
    Flux<DueDelivery> claimDue(Instant now, Instant leaseUntil, int limit);

    /** The webhook took it. */
    Mono<Void> delivered(UUID notification, int attempts);

    /** The attempt failed: try again at {@code next}, or, with {@code next} null, give up (dead letter). */
    Mono<Void> failed(UUID notification, int attempts, String error, @Nullable Instant next);

    /** A notification to send now, with where to. */
    record DueDelivery(AlertNotification notification, AlertRule.Webhook webhook) {}
}
