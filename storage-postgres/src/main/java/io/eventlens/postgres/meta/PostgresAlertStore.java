package io.eventlens.postgres.meta;

import io.eventlens.core.ProjectId;
import io.eventlens.core.alert.AlertCondition;
import io.eventlens.core.alert.AlertNotification;
import io.eventlens.core.alert.AlertRule;
import io.eventlens.core.alert.AlertState;
import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.alert.SeriesState;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.SqlParameters;
import io.eventlens.postgres.SqlStatement;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AlertStore} in the {@code alert_rules}, {@code alert_series} and {@code alert_notifications} tables; used
 * whichever engine holds the events, like definitions and dashboards.
 */
final class PostgresAlertStore implements AlertStore {

    private static final String RULE_COLUMNS = "SELECT project_id, id, name, metric, filters::text, breakdown, "
            + "max_series, last_window, window_ms, condition_kind, condition_value, pending_for_ms, "
            + "resolve_after_ms, webhook_url, webhook_secret, paused, updated_at, condition_windows "
            + "FROM alert_rules ";
    private static final String NOTIFICATION_COLUMNS = "n.id, n.project_id, n.rule_id, n.series, n.kind, "
            + "n.incident, n.value, n.at, n.payload, n.status, n.attempts, n.last_error";
    private static final TypeReference<List<Map<String, Object>>> FILTERS = new TypeReference<>() {};

    private final PostgresDatabase database;
    private final JsonMapper json;

    PostgresAlertStore(PostgresDatabase database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    public Flux<AlertRule> list(ProjectId project) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement =
                p.statement(RULE_COLUMNS + "WHERE project_id = " + p.text(project.value()) + " ORDER BY name, id");
        return Flux.defer(() -> database.query(statement, this::rule));
    }

    @Override
    public Flux<AlertRule> active() {
        SqlStatement statement =
                new SqlParameters().statement(RULE_COLUMNS + "WHERE NOT paused " + "ORDER BY project_id, id");
        return Flux.defer(() -> database.query(statement, this::rule));
    }

    @Override
    public Mono<AlertRule> find(ProjectId project, String id) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement =
                p.statement(RULE_COLUMNS + "WHERE project_id = " + p.text(project.value()) + " AND id = " + p.text(id));
        return Mono.defer(() -> database.queryFirst(statement, this::rule));
    }

    @Override
    public Mono<Void> save(AlertRule rule) {
        SqlParameters p = new SqlParameters();
        AlertRule.Webhook webhook = rule.webhook();
        SqlStatement statement = p.statement("INSERT INTO alert_rules (project_id, id, name, metric, filters, "
                + "breakdown, max_series, last_window, window_ms, condition_kind, condition_value, pending_for_ms, "
                + "resolve_after_ms, webhook_url, webhook_secret, paused, updated_at, condition_windows) VALUES ("
                + p.text(rule.project().value()) + ", " + p.text(rule.id()) + ", " + p.text(rule.name()) + ", "
                + p.text(rule.metric()) + ", " + p.text(filtersJson(rule.filters())) + "::jsonb, "
                + (rule.breakdown() == null ? "NULL" : p.text(rule.breakdown())) + ", "
                + p.integer(rule.maxSeries()) + ", " + p.text(rule.last()) + ", "
                + p.bigint(rule.window().toMillis()) + ", "
                + p.text(rule.condition().kind()) + ", "
                + p.real(rule.condition().threshold()) + ", "
                + p.bigint(rule.pendingFor().toMillis()) + ", "
                + p.bigint(rule.resolveAfter().toMillis()) + ", "
                + (webhook == null ? "NULL, NULL" : p.text(webhook.url()) + ", " + p.text(webhook.secret())) + ", "
                + p.bool(rule.paused()) + ", " + p.timestamp(rule.updatedAt()) + ", "
                + p.integer(rule.condition() instanceof AlertCondition.Anomaly anomaly ? anomaly.windows() : 0) + ") "
                + "ON CONFLICT (project_id, id) DO UPDATE SET name = excluded.name, metric = excluded.metric, "
                + "filters = excluded.filters, breakdown = excluded.breakdown, max_series = excluded.max_series, "
                + "last_window = excluded.last_window, window_ms = excluded.window_ms, "
                + "condition_kind = excluded.condition_kind, condition_value = excluded.condition_value, "
                + "condition_windows = excluded.condition_windows, "
                + "pending_for_ms = excluded.pending_for_ms, resolve_after_ms = excluded.resolve_after_ms, "
                + "webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret, "
                + "paused = excluded.paused, updated_at = excluded.updated_at");
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .then();
    }

    @Override
    public Mono<Boolean> remove(ProjectId project, String id) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement(
                "DELETE FROM alert_rules WHERE project_id = " + p.text(project.value()) + " AND id = " + p.text(id));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .map(count -> count > 0);
    }

    @Override
    public Flux<SeriesState> states(ProjectId project, String ruleId) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("SELECT rule_id, series, state, since, incident, value, version "
                + "FROM alert_series WHERE project_id = " + p.text(project.value()) + " AND rule_id = "
                + p.text(ruleId) + " ORDER BY series");
        return Flux.defer(() -> database.query(
                statement,
                row -> new SeriesState(
                        Objects.requireNonNull(row.get(0, String.class)),
                        Objects.requireNonNull(row.get(1, String.class)),
                        AlertState.valueOf(Objects.requireNonNull(row.get(2, String.class))),
                        instant(row, 3),
                        Objects.requireNonNull(row.get(4, Long.class)),
                        row.get(5, Double.class),
                        Objects.requireNonNull(row.get(6, Long.class)))));
    }

    @Override
    public Mono<Boolean> transition(
            ProjectId project, SeriesState from, SeriesState to, @Nullable AlertNotification notification) {
        SqlParameters p = new SqlParameters();
        String value = to.value() == null ? "NULL" : p.real(to.value());
        SqlStatement move = from.version() == 0
                ? p.statement("INSERT INTO alert_series (project_id, rule_id, series, state, since, incident, value, "
                        + "version) VALUES (" + p.text(project.value()) + ", " + p.text(to.ruleId()) + ", "
                        + p.text(to.series()) + ", " + p.text(to.state().name()) + ", " + p.timestamp(to.since())
                        + ", " + p.bigint(to.incident()) + ", " + value + ", " + p.bigint(to.version())
                        + ") ON CONFLICT DO NOTHING")
                : p.statement("UPDATE alert_series SET state = "
                        + p.text(to.state().name()) + ", since = "
                        + p.timestamp(to.since()) + ", incident = " + p.bigint(to.incident()) + ", value = " + value
                        + ", version = " + p.bigint(to.version()) + " WHERE project_id = " + p.text(project.value())
                        + " AND rule_id = " + p.text(to.ruleId()) + " AND series = " + p.text(to.series())
                        + " AND version = " + p.bigint(from.version()));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, move)
                .flatMap(moved -> {
                    if (moved == 0 || notification == null) {
                        return Mono.just(moved > 0);
                    }
                    return PostgresDatabase.update(connection, insert(notification))
                            .thenReturn(true);
                }));
    }

    private static SqlStatement insert(AlertNotification n) {
        SqlParameters p = new SqlParameters();
        boolean pending = n.delivery().status() == AlertNotification.Status.PENDING;
        return p.statement("INSERT INTO alert_notifications (id, project_id, rule_id, series, kind, incident, value, "
                + "at, payload, status, attempts, next_attempt_at) VALUES (" + p.uuid(n.id()) + ", "
                + p.text(n.project().value()) + ", " + p.text(n.ruleId()) + ", " + p.text(n.series()) + ", "
                + p.text(n.kind().name()) + ", " + p.bigint(n.incident()) + ", "
                + (n.value() == null ? "NULL" : p.real(n.value())) + ", " + p.timestamp(n.at()) + ", "
                + p.text(n.payload()) + ", " + p.text(n.delivery().status().name()) + ", 0, "
                + (pending ? p.timestamp(n.at()) : "NULL") + ") "
                + "ON CONFLICT (project_id, rule_id, series, incident, kind) DO NOTHING");
    }

    @Override
    public Flux<AlertNotification> history(ProjectId project, @Nullable String ruleId, int limit) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("SELECT " + NOTIFICATION_COLUMNS + " FROM alert_notifications n "
                + "WHERE n.project_id = " + p.text(project.value())
                + (ruleId == null ? "" : " AND n.rule_id = " + p.text(ruleId))
                + " ORDER BY n.at DESC, n.id LIMIT " + p.integer(limit));
        return Flux.defer(() -> database.query(statement, PostgresAlertStore::notification));
    }

    @Override
    public Flux<AlertNotification> deadLetters(ProjectId project, int limit) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("SELECT " + NOTIFICATION_COLUMNS + " FROM alert_notifications n "
                + "WHERE n.project_id = " + p.text(project.value()) + " AND n.status = 'DEAD' "
                + "ORDER BY n.at DESC, n.id LIMIT " + p.integer(limit));
        return Flux.defer(() -> database.query(statement, PostgresAlertStore::notification));
    }

    @Override
    public Flux<DueDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        SqlParameters p = new SqlParameters();
        // SKIP LOCKED: instances claiming at once each get other rows; the lease makes a claimed row due again
        // only if its claimer never settled it (it died mid-attempt).
        SqlStatement statement = p.statement("UPDATE alert_notifications n SET next_attempt_at = "
                + p.timestamp(leaseUntil) + " FROM alert_rules r WHERE n.id IN (SELECT id FROM alert_notifications "
                + "WHERE status = 'PENDING' AND next_attempt_at <= " + p.timestamp(now)
                + " ORDER BY next_attempt_at LIMIT " + p.integer(limit) + " FOR UPDATE SKIP LOCKED) "
                + "AND r.project_id = n.project_id AND r.id = n.rule_id RETURNING " + NOTIFICATION_COLUMNS
                + ", r.webhook_url, r.webhook_secret");
        return database.inTransaction(connection -> PostgresDatabase.query(connection, statement, row -> {
                            String url = row.get(12, String.class);
                            String secret = row.get(13, String.class);
                            // A rule whose webhook was removed meanwhile: an empty URL, which the delivery refuses to
                            // call.
                            return new DueDelivery(
                                    notification(row),
                                    new AlertRule.Webhook(url == null ? "" : url, secret == null ? "" : secret));
                        })
                        .collectList())
                .flatMapMany(Flux::fromIterable);
    }

    @Override
    public Mono<Void> delivered(UUID notification, int attempts) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("UPDATE alert_notifications SET status = 'DELIVERED', attempts = "
                + p.integer(attempts) + ", next_attempt_at = NULL WHERE id = " + p.uuid(notification));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .then();
    }

    @Override
    public Mono<Void> failed(UUID notification, int attempts, String error, @Nullable Instant next) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("UPDATE alert_notifications SET status = "
                + (next == null ? "'DEAD'" : "'PENDING'") + ", attempts = " + p.integer(attempts)
                + ", last_error = " + p.text(error) + ", next_attempt_at = "
                + (next == null ? "NULL" : p.timestamp(next)) + " WHERE id = " + p.uuid(notification));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .then();
    }

    private AlertRule rule(Readable row) {
        String url = row.get(13, String.class);
        String secret = row.get(14, String.class);
        return new AlertRule(
                new ProjectId(Objects.requireNonNull(row.get(0, String.class))),
                Objects.requireNonNull(row.get(1, String.class)),
                Objects.requireNonNull(row.get(2, String.class)),
                Objects.requireNonNull(row.get(3, String.class)),
                filters(row.get(4, String.class)),
                row.get(5, String.class),
                Objects.requireNonNull(row.get(6, Integer.class)),
                Objects.requireNonNull(row.get(7, String.class)),
                Duration.ofMillis(Objects.requireNonNull(row.get(8, Long.class))),
                AlertCondition.of(
                        Objects.requireNonNull(row.get(9, String.class)),
                        Objects.requireNonNull(row.get(10, Double.class)),
                        Objects.requireNonNull(row.get(17, Integer.class))),
                Duration.ofMillis(Objects.requireNonNull(row.get(11, Long.class))),
                Duration.ofMillis(Objects.requireNonNull(row.get(12, Long.class))),
                url == null || secret == null ? null : new AlertRule.Webhook(url, secret),
                Boolean.TRUE.equals(row.get(15, Boolean.class)),
                instant(row, 16));
    }

    private String filtersJson(List<FilterRequest> filters) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (FilterRequest filter : filters) {
            list.add(Map.of("dimension", filter.dimension(), "op", filter.op().name(), "values", filter.values()));
        }
        return json.writeValueAsString(list);
    }

    @SuppressWarnings("unchecked")
    private List<FilterRequest> filters(@Nullable String text) {
        if (text == null) {
            return List.of();
        }
        List<FilterRequest> filters = new ArrayList<>();
        for (Map<String, Object> filter : json.readValue(text, FILTERS)) {
            // Written by filtersJson: every filter has its dimension, op and values.
            filters.add(new FilterRequest(
                    (String) Objects.requireNonNull(filter.get("dimension"), "dimension"),
                    FilterOp.valueOf((String) Objects.requireNonNull(filter.get("op"), "op")),
                    List.copyOf((List<String>) filter.get("values"))));
        }
        return filters;
    }

    private static AlertNotification notification(Readable row) {
        return new AlertNotification(
                Objects.requireNonNull(row.get(0, UUID.class)),
                new ProjectId(Objects.requireNonNull(row.get(1, String.class))),
                Objects.requireNonNull(row.get(2, String.class)),
                Objects.requireNonNull(row.get(3, String.class)),
                AlertNotification.Kind.valueOf(Objects.requireNonNull(row.get(4, String.class))),
                Objects.requireNonNull(row.get(5, Long.class)),
                row.get(6, Double.class),
                instant(row, 7),
                Objects.requireNonNull(row.get(8, String.class)),
                new AlertNotification.Delivery(
                        AlertNotification.Status.valueOf(Objects.requireNonNull(row.get(9, String.class))),
                        Objects.requireNonNull(row.get(10, Integer.class)),
                        row.get(11, String.class)));
    }

    private static Instant instant(Readable row, int index) {
        return Objects.requireNonNull(row.get(index, OffsetDateTime.class)).toInstant();
    }
}
