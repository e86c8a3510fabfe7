package io.eventlens.app.embedded;

import io.eventlens.app.embedded.FaultLoopTests.Fault;
import io.eventlens.app.embedded.LiveWatch.End;
import io.eventlens.app.embedded.LiveWatch.Kind;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The live subscribers of {@link FaultLoopTests}: an {@code eventStream} and a {@code liveReport}, each on its own
 * connection. Across every fault each must either keep delivering correct data (something new after the app
 * recovered, every event acknowledged while it was open, nothing wrong) or end with a coded end: an {@code error}
 * whose errors carry {@code extensions.code}, or a close with a code. A connection that breaks without a close frame
 * counts as coded only when the app was killed (a dead process sends nothing; the client sees the connection go),
 * a {@code complete} only when the app stops normally. Starting over after an end is the client's job: it
 * subscribes again once the app has recovered, and that subscription must deliver too.
 */
final class FaultSubscribers implements AutoCloseable {

    /** How long a subscription may go without delivering after the app recovered before it counts as hung. */
    static final Duration DELIVERY_BOUND = Duration.ofSeconds(30);
    /** An event acknowledged this long before a check (or the stream's end) must have been pushed by then. */
    private static final Duration PUSH_GRACE = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newHttpClient();
    private final FaultTraffic traffic;
    /** The live report's fixed range: every event the senders stamp (up to an hour back) during a day's run. */
    private final Instant from = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);

    private final Instant to = from.plus(Duration.ofDays(1));
    private final Map<Kind, LiveWatch> current = new EnumMap<>(Kind.class);
    private final List<String> findings = new ArrayList<>();
    /** How subscriptions came through each fault: kind of subscription and outcome, with a count. */
    private final Map<String, Integer> outcomes = new TreeMap<>();

    private int port;

    FaultSubscribers(FaultTraffic traffic) {
        this.traffic = traffic;
    }

    /** Subscribes once of each kind to the app at {@code port} and waits until each delivered. */
    void open(int port) throws InterruptedException {
        this.port = port;
        for (Kind kind : Kind.values()) {
            current.put(kind, subscribe(kind, "the first subscription"));
        }
    }

    /**
     * After the app recovered from {@code fault} (at {@code recovered}, nanoTime): each subscription has kept
     * delivering or has ended with an end that is coded for this fault; an ended one is replaced by a new one that
     * must deliver.
     */
    void afterFault(Fault fault, int round, long recovered) throws InterruptedException {
        String what = fault + " in round " + round;
        for (Kind kind : Kind.values()) {
            LiveWatch watch = current.get(kind);
            End end = awaitDeliveryOrEnd(watch, recovered);
            if (end == null && watch.lastDataAt() - recovered < 0) {
                findings.add(kind + " after " + what + ": open, but nothing delivered within " + DELIVERY_BOUND
                        + " after the app recovered (a silent hang)");
                outcome(fault, kind, "hung");
                continue;
            }
            checkComplete(watch, what);
            if (end == null) {
                outcome(fault, kind, "kept delivering");
                continue;
            }
            outcome(fault, kind, "ended: " + end);
            boolean coded = switch (end.kind()) {
                case "error" -> !end.detail().contains("UNCODED");
                case "close" ->
                    !end.detail().startsWith("1005")
                            && !end.detail().startsWith("1011")
                            && (!end.detail().startsWith("1006") || fault == Fault.APP_KILLED);
                case "broken" -> fault == Fault.APP_KILLED;
                default -> false; // a complete while the app runs on tells the client nothing
            };
            if (!coded) {
                findings.add(kind + " after " + what + ": ended without a coded end: " + end);
            }
            findings.addAll(watch.findings());
            watch.close();
            current.put(kind, subscribe(kind, "a new subscription after " + what));
        }
    }

    /**
     * Once the traffic has stopped: the event stream holds every acknowledged event, the live report's total reaches
     * {@code stored}, the events of the loop in storage.
     */
    void atEnd(long stored) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_BOUND.toNanos();
        LiveWatch report = current.get(Kind.LIVE_REPORT);
        while (report.total() != stored && report.end() == null && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        if (report.total() != stored) {
            findings.add("LIVE_REPORT at the end: a total of " + report.total() + " with " + stored
                    + " events stored (ended: " + report.end() + ")");
        }
        Thread.sleep(PUSH_GRACE.toMillis());
        for (LiveWatch watch : current.values()) {
            checkComplete(watch, "the end");
            findings.addAll(watch.findings());
        }
    }

    /** After a normal stop of the app: each subscription ended with a complete or a close with a code. */
    void afterStop() throws InterruptedException {
        for (LiveWatch watch : current.values()) {
            End end = watch.awaitEnd(DELIVERY_BOUND);
            outcome(null, watch.kind, end == null ? "hung" : "ended: " + end);
            if (end == null
                    || !(end.kind().equals("complete")
                            || end.kind().equals("close")
                                    && !end.detail().startsWith("1005")
                                    && !end.detail().startsWith("1006"))) {
                findings.add(watch.kind + " at a normal stop: "
                        + (end == null
                                ? "no end within " + DELIVERY_BOUND
                                : "ended without a complete or a close code: " + end));
            }
        }
    }

    List<String> findings() {
        return List.copyOf(findings);
    }

    Map<String, Integer> outcomes() {
        return outcomes;
    }

    private void outcome(@Nullable Fault fault, Kind kind, String outcome) {
        outcomes.merge((fault == null ? "NORMAL_STOP" : fault.name()) + " " + kind + " " + outcome, 1, Integer::sum);
    }

    /** Waits until the subscription delivered something after {@code since} or ended; the end, if it ended. */
    private static @Nullable End awaitDeliveryOrEnd(LiveWatch watch, long since) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_BOUND.toNanos();
        while (watch.lastDataAt() - since < 0 && System.nanoTime() - deadline < 0) {
            End end = watch.awaitEnd(Duration.ofMillis(20));
            if (end != null) {
                return end;
            }
        }
        return watch.end();
    }

    /**
     * An event stream must have pushed every event of every batch acknowledged while it was open: sent after its first
     * push (so committed after it subscribed) and answered at least {@link #PUSH_GRACE} before now or its end. Unless
     * it says it dropped some for reading too slowly.
     */
    private void checkComplete(LiveWatch watch, String what) {
        if (watch.kind != Kind.EVENT_STREAM || watch.firstDataAt() == 0 || watch.dropped() > 0) {
            return;
        }
        End end = watch.end();
        long until = (end == null ? System.nanoTime() : end.at()) - PUSH_GRACE.toNanos();
        long missing = 0;
        long expected = 0;
        for (FaultTraffic.Answered batch : traffic.answered()) {
            if (batch.sentAt() - watch.firstDataAt() > 0 && batch.answeredAt() - until < 0) {
                for (UUID id : batch.ids()) {
                    expected++;
                    if (!watch.received.contains(id)) {
                        missing++;
                    }
                }
            }
        }
        if (missing > 0) {
            findings.add("EVENT_STREAM by " + what + ": " + missing + " of " + expected
                    + " acknowledged events never pushed");
        }
    }

    /** Subscribes, trying again while the app is not there yet, and waits until it delivered. */
    private LiveWatch subscribe(Kind kind, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_BOUND.toNanos();
        Set<UUID> sent = traffic.sent();
        while (true) {
            try {
                LiveWatch watch = LiveWatch.open(http, port, kind, from, to, sent, sent::size);
                while (watch.firstDataAt() == 0 && watch.end() == null && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                if (watch.firstDataAt() != 0) {
                    return watch;
                }
                findings.add(kind + ", " + what + ": "
                        + (watch.end() == null
                                ? "nothing delivered within " + DELIVERY_BOUND
                                : "ended before it delivered: " + watch.end()));
                return watch;
            } catch (CompletionException refused) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(
                            kind + ", " + what + ": could not subscribe within " + DELIVERY_BOUND, refused);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        current.values().forEach(LiveWatch::close);
        http.close();
    }
}
