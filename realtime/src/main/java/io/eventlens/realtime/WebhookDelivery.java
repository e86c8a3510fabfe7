package io.eventlens.realtime;

import io.eventlens.core.alert.AlertNotification;
import io.eventlens.core.alert.AlertStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends recorded notifications to their webhooks: a signed JSON POST, retried with exponential backoff, given up
 * (the dead-letter list) after {@code eventlens.alerts.max-attempts}. Runs on every instance: a claim holds a
 * notification for one instance while it tries, so no two send it at once. A webhook answering 2xx has it; an
 * instance that dies between the call and recording the answer leaves it to be sent again once the claim runs out,
 * with the same {@code X-EventLens-Delivery} id, by which a receiver recognises a repeat.
 */
final class WebhookDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    /** Notifications claimed per round. */
    private static final int BATCH = 50;
    /** Webhook calls in flight per instance. */
    private static final int CONCURRENCY = 8;

    private final AlertStore store;
    private final HttpClient http;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AlertProperties properties;
    private @Nullable Disposable timer;
    private boolean running;
    private boolean again;

    WebhookDelivery(AlertStore store, HttpClient http, Clock clock, Scheduler scheduler, AlertProperties properties) {
        this.store = store;
        this.http = http;
        this.clock = clock;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    void start() {
        long every = properties.deliveryInterval().toMillis();
        timer = scheduler.schedulePeriodically(this::poke, every, every, TimeUnit.MILLISECONDS);
    }

    /** Looks for due notifications now (a new one was just recorded); a round in progress runs once more. */
    void poke() {
        synchronized (this) {
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        Instant now = clock.instant();
        // A claim outlives the slowest call by far: only a dead claimer's notifications fall due again.
        Instant leaseUntil = now.plus(properties.webhookTimeout().multipliedBy(6));
        store.claimDue(now, leaseUntil, BATCH)
                .flatMap(this::attempt, CONCURRENCY)
                .then()
                .doFinally(signal -> {
                    boolean rerun;
                    synchronized (this) {
                        running = false;
                        rerun = again;
                        again = false;
                    }
                    if (rerun) {
                        scheduler.schedule(this::poke);
                    }
                })
                .subscribe(
                        null,
                        failure -> log.warn("Webhook delivery round failed; retrying ({})", failure.getMessage()));
    }

    /** What one call came to: null for success, else the coded reason. */
    private record Outcome(@Nullable String error) {}

    private Mono<Void> attempt(AlertStore.DueDelivery due) {
        AlertNotification notification = due.notification();
        int attempts = notification.delivery().attempts() + 1;
        if (due.webhook().url().isEmpty()) {
            return store.failed(
                    notification.id(),
                    notification.delivery().attempts(),
                    "NO_WEBHOOK: the rule has no webhook any more",
                    null);
        }
        return Mono.defer(() -> send(due))
                .onErrorResume(failure -> Mono.just(new Outcome(reason(failure))))
                .flatMap(outcome -> {
                    if (outcome.error() == null) {
                        return store.delivered(notification.id(), attempts);
                    }
                    Instant next = attempts >= properties.maxAttempts()
                            ? null
                            : clock.instant().plus(backoff(attempts));
                    log.info(
                            "Webhook call {} of notification {} failed: {}{}",
                            attempts,
                            notification.id(),
                            outcome.error(),
                            next == null ? "; giving up (dead letter)" : "; retrying at " + next);
                    return store.failed(notification.id(), attempts, outcome.error(), next);
                });
    }

    private Mono<Outcome> send(AlertStore.DueDelivery due) {
        AlertNotification notification = due.notification();
        byte[] body = notification.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(due.webhook().url()))
                .timeout(properties.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "EventLens-Alerts")
                .header("X-EventLens-Delivery", notification.id().toString())
                .header("X-EventLens-Event", notification.kind().name())
                .header(
                        WebhookSignature.HEADER,
                        WebhookSignature.of(due.webhook().secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> response.statusCode() / 100 == 2
                        ? new Outcome(null)
                        : new Outcome(
                                "HTTP_" + response.statusCode() + ": the webhook answered " + response.statusCode()));
    }

    /** The wait before the next call after {@code attempts} failed ones: doubling from the initial backoff. */
    Duration backoff(int attempts) {
        Duration wait = properties.initialBackoff().multipliedBy(1L << Math.min(20, attempts - 1));
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    private static String reason(Throwable failure) {
        if (failure instanceof HttpTimeoutException) {
            return "TIMEOUT: no answer in time";
        }
        if (failure instanceof java.net.ConnectException || failure.getCause() instanceof java.net.ConnectException) {
            return "UNREACHABLE: " + failure;
        }
        return "FAILED: " + failure;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.dispose();
        }
        http.shutdownNow();
    }
}
