package io.eventlens.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.eventlens.core.alert.AlertCondition;
import io.eventlens.core.alert.AlertNotification;
import io.eventlens.core.alert.AlertRule;
import io.eventlens.core.alert.AlertRules;
import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Answers the alert queries (read scope) and mutations (admin scope) of the project. */
@Controller
final class AlertController {

    /** Most notifications one history or dead-letter list returns. */
    static final int MAX_HISTORY = 500;

    private final AlertStore store;
    private final AlertRules rules;
    private final CurrentProject project;

    AlertController(AlertStore store, AlertRules rules, CurrentProject project) {
        this.store = store;
        this.rules = rules;
        this.project = project;
    }

    @QueryMapping
    Flux<AlertRule> alerts() {
        return project.get().flatMapMany(store::list);
    }

    @QueryMapping
    Flux<AlertNotification> alertHistory(@Argument @Nullable String id, @Argument @Nullable Integer limit) {
        return project.get().flatMapMany(p -> store.history(p, id, limit(limit)));
    }

    @QueryMapping
    Flux<AlertNotification> alertDeadLetters(@Argument @Nullable Integer limit) {
        return project.get().flatMapMany(p -> store.deadLetters(p, limit(limit)));
    }

    @MutationMapping
    Mono<AlertRule> defineAlert(@Argument AlertInput input, DataFetchingEnvironment env) {
        // `for` is a Java keyword: read it from the raw argument.
        Map<String, Object> raw = env.getArgument("input");
        Object pendingFor = raw == null ? null : raw.get("for");
        return project.admin()
                .flatMap(p -> rules.define(p, input.toDraft(pendingFor instanceof String text ? text : null)));
    }

    @MutationMapping
    Mono<AlertRule> pauseAlert(@Argument String id, @Argument @Nullable Boolean paused) {
        return project.admin().flatMap(p -> rules.pause(p, id, paused == null || paused));
    }

    @MutationMapping
    Mono<Boolean> removeAlert(@Argument String id) {
        return project.admin().flatMap(p -> rules.remove(p, id));
    }

    @SchemaMapping(typeName = "Alert", field = "condition")
    AlertConditionView condition(AlertRule rule) {
        AlertCondition condition = rule.condition();
        return new AlertConditionView(
                condition instanceof AlertCondition.Above a ? a.threshold() : null,
                condition instanceof AlertCondition.Below b ? b.threshold() : null,
                condition instanceof AlertCondition.Change c ? c.threshold() : null,
                condition instanceof AlertCondition.Anomaly z ? new AnomalyView(z.threshold(), z.windows()) : null);
    }

    @SchemaMapping(typeName = "Alert", field = "for")
    String pendingFor(AlertRule rule) {
        return text(rule.pendingFor());
    }

    @SchemaMapping(typeName = "Alert", field = "resolveAfter")
    String resolveAfter(AlertRule rule) {
        return text(rule.resolveAfter());
    }

    @SchemaMapping(typeName = "Alert", field = "webhookUrl")
    @Nullable
    String webhookUrl(AlertRule rule) {
        return rule.webhook() == null ? null : rule.webhook().url();
    }

    @SchemaMapping(typeName = "Alert", field = "updatedAt")
    OffsetDateTime updatedAt(AlertRule rule) {
        return utc(rule.updatedAt());
    }

    @SchemaMapping(typeName = "Alert", field = "series")
    Flux<SeriesView> series(AlertRule rule) {
        return store.states(rule.project(), rule.id())
                .map(state -> new SeriesView(
                        state.series(), state.state().name(), utc(state.since()), state.incident(), state.value()));
    }

    @SchemaMapping(typeName = "AlertNotification", field = "alertId")
    String alertId(AlertNotification notification) {
        return notification.ruleId();
    }

    @SchemaMapping(typeName = "AlertNotification", field = "at")
    OffsetDateTime at(AlertNotification notification) {
        return utc(notification.at());
    }

    @SchemaMapping(typeName = "AlertNotification", field = "status")
    String status(AlertNotification notification) {
        return notification.delivery().status().name();
    }

    @SchemaMapping(typeName = "AlertNotification", field = "attempts")
    int attempts(AlertNotification notification) {
        return notification.delivery().attempts();
    }

    @SchemaMapping(typeName = "AlertNotification", field = "lastError")
    @Nullable
    String lastError(AlertNotification notification) {
        return notification.delivery().lastError();
    }

    private static int limit(@Nullable Integer limit) {
        int value = limit == null ? 50 : limit;
        if (value < 1 || value > MAX_HISTORY) {
            throw new QueryException(
                    ErrorCode.INVALID_LIMIT, "limit", "must be 1 to " + MAX_HISTORY + ", got " + value);
        }
        return value;
    }

    /** A duration the way a rule is written: {@code 0s}, {@code 90s}, {@code 2m}, {@code 1h}. */
    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 3600 == 0 && seconds > 0
                ? seconds / 3600 + "h"
                : seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The {@code AlertInput} argument as bound by Spring GraphQL (all but {@code for}). */
    record AlertInput(
            @Nullable String id,
            String name,
            String metric,
            @Nullable List<FilterInput> filters,
            @Nullable String breakdown,
            @Nullable Integer maxSeries,
            String last,
            AlertConditionInput condition,
            @Nullable String resolveAfter,
            @Nullable WebhookInput webhook,
            @Nullable Boolean paused) {

        AlertRules.Draft toDraft(@Nullable String pendingFor) {
            return new AlertRules.Draft(
                    id,
                    name,
                    metric,
                    FilterInput.toRequests(filters),
                    breakdown,
                    maxSeries,
                    last,
                    condition.above(),
                    condition.below(),
                    condition.changePercent(),
                    condition.anomaly() == null
                            ? null
                            : new AlertRules.AnomalyDraft(
                                    condition.anomaly().threshold(),
                                    condition.anomaly().windows()),
                    pendingFor,
                    resolveAfter,
                    webhook == null ? null : webhook.url(),
                    webhook == null ? null : webhook.secret(),
                    paused);
        }
    }

    /** The {@code AlertConditionInput}: exactly one field. */
    record AlertConditionInput(
            @Nullable Double above,
            @Nullable Double below,
            @Nullable Double changePercent,
            @Nullable AnomalyConditionInput anomaly) {}

    /** The {@code AnomalyConditionInput}. */
    record AnomalyConditionInput(
            @Nullable Double threshold, @Nullable Integer windows) {}

    /** The {@code WebhookInput}. */
    record WebhookInput(String url, String secret) {}

    /** The {@code AlertCondition} type. */
    record AlertConditionView(
            @Nullable Double above,
            @Nullable Double below,
            @Nullable Double changePercent,
            @Nullable AnomalyView anomaly) {}

    /** The {@code AnomalyCondition} type. */
    record AnomalyView(double threshold, int windows) {}

    /** The {@code AlertSeries} type. */
    record SeriesView(
            String series,
            String state,
            OffsetDateTime since,
            long incident,
            @Nullable Double value) {}
}
