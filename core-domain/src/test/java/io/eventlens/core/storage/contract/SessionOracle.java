package io.eventlens.core.storage.contract;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.event.Event;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The per-session metrics computed the plain way: group a row's events by non-null session id, measure each
 * session, then average. Independent of any engine's SQL.
 */
final class SessionOracle {

    private SessionOracle() {}

    static @Nullable Double value(BuiltInMetric metric, List<Event> events) {
        Collection<List<Event>> sessions = events.stream()
                .filter(e -> e.sessionId() != null)
                .collect(Collectors.groupingBy(e -> Objects.requireNonNull(e.sessionId())))
                .values();
        if (sessions.isEmpty()) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (List<Event> session : sessions) {
            sum = sum.add(
                    switch (metric) {
                        case BOUNCE_RATE -> pages(session) == 1 ? BigDecimal.ONE : BigDecimal.ZERO;
                        case AVG_SESSION_DURATION -> seconds(session);
                        case PAGES_PER_SESSION -> BigDecimal.valueOf(pages(session));
                        default -> throw new IllegalArgumentException("not a per-session metric: " + metric);
                    });
        }
        return sum.divide(BigDecimal.valueOf(sessions.size()), 20, RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    /** Sessions by id among {@code events}, for tests that pick sessions by shape. */
    static Map<String, List<Event>> sessions(List<Event> events) {
        return events.stream()
                .filter(e -> e.sessionId() != null)
                .collect(Collectors.groupingBy(e -> Objects.requireNonNull(e.sessionId())));
    }

    static long pages(List<Event> session) {
        return session.stream()
                .filter(e -> e.type().equals(BuiltInMetric.PAGE_EVENT_TYPE))
                .count();
    }

    static BigDecimal seconds(List<Event> session) {
        Instant first =
                session.stream().map(Event::timestamp).min(Instant::compareTo).orElseThrow();
        Instant last =
                session.stream().map(Event::timestamp).max(Instant::compareTo).orElseThrow();
        Duration length = Duration.between(first, last);
        return BigDecimal.valueOf(length.getSeconds()).add(BigDecimal.valueOf(length.getNano(), 9));
    }
}
