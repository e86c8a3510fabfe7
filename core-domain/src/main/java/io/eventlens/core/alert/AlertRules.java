package io.eventlens.core.alert;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.query.DurationText;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterResolver;
import io.eventlens.core.query.NameLists;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Defines, pauses and removes alert rules after checking them. Rules evaluate live built-in metrics (the live
 * reports' catalog); refusals are {@link QueryException}s naming the field at fault.
 */
public final class AlertRules {

    /** Shortest window: shorter ones flap on single events and outpace the once-a-second evaluation. */
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    /** Longest window: a live window holds its fresh events in memory. */
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** Longest {@code for} and {@code resolveAfter}. */
    public static final Duration MAX_HOLD = Duration.ofHours(24);
    /** Series evaluated when a breakdown gives no {@code maxSeries}. */
    public static final int DEFAULT_SERIES = 10;
    /** Most series one rule may evaluate. */
    public static final int MAX_SERIES = 100;
    /** Longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Webhook secrets: long enough to resist guessing, short enough to store. */
    public static final int MIN_SECRET_LENGTH = 16;

    public static final int MAX_SECRET_LENGTH = 256;
    public static final int MAX_URL_LENGTH = 2048;
    /** An anomaly's standard deviations when none are given, as in the anomalies scan; at most this many. */
    public static final double DEFAULT_ANOMALY_THRESHOLD = 3;

    public static final double MAX_ANOMALY_THRESHOLD = 100;
    /** Windows an anomaly's baseline spans when none are given; 2 to this many (each is a live report). */
    public static final int DEFAULT_ANOMALY_WINDOWS = 6;

    public static final int MAX_ANOMALY_WINDOWS = 24;
    /** Metrics whose value over two windows is the sum of their values over each: what a change compares. */
    static final Set<Metric> ADDITIVE = Set.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final AlertStore store;
    private final Clock clock;
    private static final FilterResolver FILTERS = new FilterResolver(QueryLimits.defaults());

    public AlertRules(AlertStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A rule as a client sends it.
     *
     * @param id a new UUID when null; an existing id replaces that rule (its series keep their states)
     * @param above exactly one of {@code above}, {@code below}, {@code changePercent} and {@code anomaly} is given
     * @param pendingFor {@code for}: e.g. {@code "2m"}; none when null
     */
    public record Draft(
            @Nullable String id,
            String name,
            String metric,
            @Nullable List<FilterRequest> filters,
            @Nullable String breakdown,
            @Nullable Integer maxSeries,
            String last,
            @Nullable Double above,
            @Nullable Double below,
            @Nullable Double changePercent,
            @Nullable AnomalyDraft anomaly,
            @Nullable String pendingFor,
            @Nullable String resolveAfter,
            @Nullable String webhookUrl,
            @Nullable String webhookSecret,
            @Nullable Boolean paused) {}

    /**
     * An anomaly condition as a client sends it.
     *
     * @param threshold standard deviations; {@link #DEFAULT_ANOMALY_THRESHOLD} when null
     * @param windows windows before the current one the baseline spans; {@link #DEFAULT_ANOMALY_WINDOWS} when null
     */
    public record AnomalyDraft(
            @Nullable Double threshold, @Nullable Integer windows) {}

    /** Validates and saves the draft; answers the stored rule. */
    public Mono<AlertRule> define(ProjectId project, Draft draft) {
        return Mono.fromCallable(() -> validate(project, draft, clock.instant()))
                .flatMap(rule -> store.save(rule).thenReturn(rule));
    }

    /** Pauses or resumes the rule; empty when the project has none with this id. */
    public Mono<AlertRule> pause(ProjectId project, String id, boolean paused) {
        return store.find(project, id).flatMap(rule -> {
            AlertRule changed = rule.withPaused(paused, clock.instant());
            return store.save(changed).thenReturn(changed);
        });
    }

    /** Removes the rule, its states and its history; answers whether there was one. */
    public Mono<Boolean> remove(ProjectId project, String id) {
        return store.remove(project, id);
    }

    /** The rule the draft defines, checked; {@code now} becomes its {@code updatedAt}. */
    static AlertRule validate(ProjectId project, Draft draft, Instant now) {
        String id = draft.id() == null ? UUID.randomUUID().toString() : draft.id();
        if (!ID.matcher(id).matches()) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, "id", "must be 1 to 64 letters, digits, '-' or '_'");
        }
        String name = draft.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT, "name", "must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        Catalog catalog = Catalog.builtIn();
        Metric metric = catalog.metric(draft.metric())
                .orElseThrow(() -> new QueryException(
                        ErrorCode.UNKNOWN_METRIC,
                        "metric",
                        "unknown metric '" + draft.metric() + "'; alerts evaluate one of "
                                + NameLists.metrics(catalog)));
        List<FilterRequest> filterRequests = draft.filters() == null ? List.of() : List.copyOf(draft.filters());
        FILTERS.resolve(filterRequests, catalog);
        String breakdown = draft.breakdown() == null || draft.breakdown().isBlank() ? null : draft.breakdown();
        if (breakdown != null && catalog.dimension(breakdown).isEmpty()) {
            throw new QueryException(
                    ErrorCode.UNKNOWN_DIMENSION,
                    "breakdown",
                    "unknown dimension '" + breakdown + "'; use one of " + NameLists.dimensions(catalog));
        }
        int maxSeries = breakdown == null ? 1 : draft.maxSeries() == null ? DEFAULT_SERIES : draft.maxSeries();
        if (maxSeries < 1 || maxSeries > MAX_SERIES) {
            throw new QueryException(
                    ErrorCode.TOO_MANY_SERIES, "maxSeries", "must be 1 to " + MAX_SERIES + ", got " + maxSeries);
        }
        Duration window = window(draft.last());
        AlertCondition condition = condition(draft, metric, window);
        return new AlertRule(
                project,
                id,
                name,
                metric.publicName(),
                filterRequests,
                breakdown,
                maxSeries,
                draft.last().strip(),
                window,
                condition,
                hold(draft.pendingFor(), "for"),
                hold(draft.resolveAfter(), "resolveAfter"),
                webhook(draft.webhookUrl(), draft.webhookSecret()),
                Boolean.TRUE.equals(draft.paused()),
                now);
    }

    /** {@code "5m"}, {@code "1h"}, {@code "2d"}: from {@link #MIN_WINDOW} to {@link #MAX_WINDOW}. */
    public static Duration window(String text) {
        Duration window = DurationText.parse(text, "mhd")
                .orElseThrow(() -> new QueryException(
                        ErrorCode.INVALID_WINDOW,
                        "last",
                        "must be a number and a unit m, h or d, e.g. \"5m\", \"1h\"; got \"" + text + "\""));
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new QueryException(ErrorCode.INVALID_WINDOW, "last", "must be from 1m to 7d; got \"" + text + "\"");
        }
        return window;
    }

    private static Duration hold(@Nullable String text, String field) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        Duration hold = DurationText.parse(text, "smh")
                .orElseThrow(() -> new QueryException(
                        ErrorCode.INVALID_ARGUMENT,
                        field,
                        "must be a number and a unit s, m or h, e.g. \"30s\", \"2m\"; got \"" + text + "\""));
        if (hold.compareTo(MAX_HOLD) > 0) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, field, "must be at most 24h; got \"" + text + "\"");
        }
        return hold;
    }

    private static AlertCondition condition(Draft draft, Metric metric, Duration window) {
        int given = (draft.above() == null ? 0 : 1)
                + (draft.below() == null ? 0 : 1)
                + (draft.changePercent() == null ? 0 : 1)
                + (draft.anomaly() == null ? 0 : 1);
        if (given != 1) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition",
                    "give exactly one of above, below, changePercent and anomaly; got " + given);
        }
        for (Double number : new Double[] {draft.above(), draft.below(), draft.changePercent()}) {
            if (number != null && !Double.isFinite(number)) {
                throw new QueryException(ErrorCode.INVALID_CONDITION, "condition", "must be a finite number");
            }
        }
        if (draft.above() != null) {
            return new AlertCondition.Above(draft.above());
        }
        if (draft.below() != null) {
            return new AlertCondition.Below(draft.below());
        }
        if (draft.anomaly() != null) {
            return anomaly(draft.anomaly(), metric, window);
        }
        if (!ADDITIVE.contains(metric)) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition.changePercent",
                    "a change compares windows of additive metrics only (events, revenue), not " + metric.publicName());
        }
        // Exactly one condition is given, and it is not above, below or anomaly.
        double change = Objects.requireNonNull(draft.changePercent(), "changePercent");
        if (change == 0) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition.changePercent",
                    "must not be 0: positive for a rise, negative for a fall");
        }
        return new AlertCondition.Change(change);
    }

    /**
     * An anomaly over the windows before the current one: each is the difference of two rolling windows ending now
     * ({@code (i + 1)·last} minus {@code i·last}), so additive metrics only, and the longest of them within
     * {@link #MAX_WINDOW}.
     */
    private static AlertCondition anomaly(AnomalyDraft draft, Metric metric, Duration window) {
        double threshold = draft.threshold() == null ? DEFAULT_ANOMALY_THRESHOLD : draft.threshold();
        if (!Double.isFinite(threshold) || threshold <= 0 || threshold > MAX_ANOMALY_THRESHOLD) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition.anomaly.threshold",
                    "must be above 0 and at most " + (int) MAX_ANOMALY_THRESHOLD + " standard deviations, got "
                            + threshold);
        }
        int windows = draft.windows() == null ? DEFAULT_ANOMALY_WINDOWS : draft.windows();
        if (windows < 2 || windows > MAX_ANOMALY_WINDOWS) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition.anomaly.windows",
                    "must be 2 to " + MAX_ANOMALY_WINDOWS + " windows, got " + windows);
        }
        if (!ADDITIVE.contains(metric)) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition.anomaly",
                    "an anomaly compares windows of additive metrics only (events, revenue), not "
                            + metric.publicName());
        }
        if (window.multipliedBy(windows + 1L).compareTo(MAX_WINDOW) > 0) {
            throw new QueryException(
                    ErrorCode.INVALID_CONDITION,
                    "condition.anomaly.windows",
                    "the current window and " + windows + " before it span "
                            + window.multipliedBy(windows + 1L).toHours()
                            + "h, more than 7d: take fewer windows or a shorter last; at most "
                            + Math.max(1, MAX_WINDOW.dividedBy(window) - 1) + " windows of " + window.toMinutes()
                            + "m");
        }
        return new AlertCondition.Anomaly(threshold, windows);
    }

    private static AlertRule.@Nullable Webhook webhook(@Nullable String url, @Nullable String secret) {
        if (url == null || url.isBlank()) {
            if (secret != null) {
                throw new QueryException(ErrorCode.INVALID_WEBHOOK, "webhook.url", "is required with a secret");
            }
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new QueryException(ErrorCode.INVALID_WEBHOOK, "webhook.url", "is not a URL: " + e.getReason());
        }
        if (url.length() > MAX_URL_LENGTH
                || uri.getScheme() == null
                || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getUserInfo() != null) {
            throw new QueryException(
                    ErrorCode.INVALID_WEBHOOK,
                    "webhook.url",
                    "must be an absolute http or https URL with a host and no user info, at most " + MAX_URL_LENGTH
                            + " characters");
        }
        if (secret == null || secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            throw new QueryException(
                    ErrorCode.INVALID_WEBHOOK,
                    "webhook.secret",
                    "must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH
                            + " characters: notifications are signed with it");
        }
        return new AlertRule.Webhook(uri.toString(), secret);
    }
}
