package io.eventlens.core.definition;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.definition.Definition.Kind;
import io.eventlens.core.expression.DefinitionNames;
import io.eventlens.core.expression.ExpressionException;
import io.eventlens.core.expression.ExpressionLimits;
import io.eventlens.core.expression.ExpressionPrinter;
import io.eventlens.core.expression.ExpressionResolver;
import io.eventlens.core.expression.MetricDefinitions;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.expression.ResolvedMetric;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Each project's catalog (built-ins plus its own definitions), and the only way definitions change: every save is
 * validated against the project's other definitions first. Catalogs are cached per project and dropped on change.
 */
public final class ProjectCatalogs {

    private final DefinitionStore store;
    private final ExpressionResolver resolver;
    private final ConcurrentMap<ProjectId, Mono<Catalog>> cache = new ConcurrentHashMap<>();

    public ProjectCatalogs(DefinitionStore store, ExpressionLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.resolver = new ExpressionResolver(limits);
    }

    /** The catalog reports of this project resolve names against. */
    public Mono<Catalog> catalog(ProjectId project) {
        return cache.computeIfAbsent(
                project,
                p -> definitions(p)
                        .map(this::catalogOf)
                        .doOnError(e -> cache.remove(p))
                        .cache());
    }

    /**
     * Saves a custom metric, replacing one of the same name. Refuses a malformed or taken name, an invalid
     * expression, and a change that would make a metric using this one invalid (e.g. a cycle).
     */
    public Mono<CustomMetric> defineMetric(
            ProjectId project, String name, String expression, @Nullable String description, @Nullable String unit) {
        return definitions(project).flatMap(existing -> {
            DefinitionNames.check(name);
            requireFree(existing, name, Kind.METRIC);
            Map<String, String> metrics = metricTexts(existing);
            ResolvedMetric resolved = resolver.metric(name, expression, MetricDefinitions.of(metrics));
            metrics.put(name, expression);
            for (Definition user : existing.values()) {
                if (user.dependencies().contains(name)) {
                    // Changing a metric changes its users: they must still resolve with the new text in place.
                    // A refusal there points into the user's text, so it names the user.
                    try {
                        resolver.metric(user.name(), user.expression(), MetricDefinitions.of(metrics));
                    } catch (ExpressionException e) {
                        throw e.inDefinition(user.name());
                    }
                }
            }
            Definition definition = new Definition(
                    Kind.METRIC,
                    name,
                    expression.strip(),
                    description == null ? "" : description,
                    unit,
                    resolved.dependencies());
            return save(project, definition)
                    .map(catalog -> (CustomMetric) catalog.metric(name).orElseThrow());
        });
    }

    /** Saves a custom dimension, replacing one of the same name. */
    public Mono<CustomDimension> defineDimension(
            ProjectId project, String name, String expression, @Nullable String description) {
        return definitions(project).flatMap(existing -> {
            DefinitionNames.check(name);
            requireFree(existing, name, Kind.DIMENSION);
            resolver.dimension(expression);
            Definition definition = new Definition(
                    Kind.DIMENSION,
                    name,
                    expression.strip(),
                    description == null ? "" : description,
                    null,
                    java.util.Set.of());
            return save(project, definition)
                    .map(catalog -> (CustomDimension) catalog.dimension(name).orElseThrow());
        });
    }

    /** Removes a custom metric no other metric uses; answers its name. */
    public Mono<String> removeMetric(ProjectId project, String name) {
        return definitions(project).flatMap(existing -> {
            requireDefined(existing, name, Kind.METRIC);
            List<String> users = existing.values().stream()
                    .filter(d -> d.dependencies().contains(name))
                    .map(Definition::name)
                    .sorted()
                    .toList();
            if (!users.isEmpty()) {
                throw new QueryException(
                        ErrorCode.DEFINITION_IN_USE,
                        "name",
                        "metric '" + name + "' is used by "
                                + (users.size() == 1
                                        ? "metric '" + users.getFirst() + "'"
                                        : "metrics '" + String.join("', '", users) + "'")
                                + "; change or remove "
                                + (users.size() == 1 ? "it" : "them") + " first");
            }
            return remove(project, Kind.METRIC, name);
        });
    }

    /** Removes a custom dimension; answers its name. */
    public Mono<String> removeDimension(ProjectId project, String name) {
        return definitions(project).flatMap(existing -> {
            requireDefined(existing, name, Kind.DIMENSION);
            return remove(project, Kind.DIMENSION, name);
        });
    }

    private Mono<Map<String, Definition>> definitions(ProjectId project) {
        return store.list(project).collectMap(Definition::name, d -> d, LinkedHashMap::new);
    }

    private Mono<Catalog> save(ProjectId project, Definition definition) {
        return store.save(project, definition)
                .then(Mono.fromRunnable(() -> cache.remove(project)))
                .then(Mono.defer(() -> catalog(project)));
    }

    private Mono<String> remove(ProjectId project, Kind kind, String name) {
        return store.remove(project, kind, name)
                .doOnSuccess(removed -> cache.remove(project))
                .thenReturn(name);
    }

    private static void requireFree(Map<String, Definition> existing, String name, Kind kind) {
        Definition other = existing.values().stream()
                .filter(d -> d.name().equalsIgnoreCase(name)
                        && (d.kind() != kind || !d.name().equals(name)))
                .findFirst()
                .orElse(null);
        if (other != null) {
            throw new ExpressionException(
                    ExpressionException.Code.INVALID_NAME,
                    0,
                    "'" + name + "' is taken by the " + other.kind().name().toLowerCase(java.util.Locale.ROOT) + " '"
                            + other.name() + "'",
                    "choose another name",
                    null);
        }
    }

    private static void requireDefined(Map<String, Definition> existing, String name, Kind kind) {
        Definition definition = existing.get(name);
        if (definition != null && definition.kind() == kind) {
            return;
        }
        boolean builtIn = kind == Kind.METRIC
                ? Arrays.stream(BuiltInMetric.values())
                        .anyMatch(m -> m.publicName().equals(name))
                : Catalog.builtIn().dimension(name).isPresent();
        String noun = kind == Kind.METRIC ? "metric" : "dimension";
        throw new QueryException(
                kind == Kind.METRIC ? ErrorCode.UNKNOWN_METRIC : ErrorCode.UNKNOWN_DIMENSION,
                "name",
                builtIn
                        ? "'" + name + "' is a built-in " + noun + " and can't be removed"
                        : "this project has no custom " + noun + " '" + name + "'");
    }

    private static Map<String, String> metricTexts(Map<String, Definition> definitions) {
        Map<String, String> texts = new java.util.HashMap<>();
        definitions.values().stream()
                .filter(d -> d.kind() == Kind.METRIC)
                .forEach(d -> texts.put(d.name(), d.expression()));
        return texts;
    }

    /** Stored definitions that no longer resolve (e.g. after limits were lowered) are left out, not fatal. */
    private Catalog catalogOf(Map<String, Definition> definitions) {
        MetricDefinitions metrics = MetricDefinitions.of(metricTexts(definitions));
        List<CustomMetric> customMetrics = new ArrayList<>();
        List<CustomDimension> customDimensions = new ArrayList<>();
        for (Definition d : definitions.values()) {
            try {
                switch (d.kind()) {
                    case METRIC -> {
                        ResolvedMetric resolved = resolver.metric(d.name(), d.expression(), metrics);
                        customMetrics.add(new CustomMetric(
                                d.name(),
                                d.description(),
                                d.unit(),
                                ExpressionPrinter.print(resolved.expression()),
                                resolved));
                    }
                    case DIMENSION -> {
                        ResolvedDimension resolved = resolver.dimension(d.expression());
                        customDimensions.add(new CustomDimension(
                                d.name(), d.description(), ExpressionPrinter.print(resolved.expression()), resolved));
                    }
                }
            } catch (ExpressionException e) {
                // skipped: reports naming it get "unknown metric", and redefining it repairs it
            }
        }
        return Catalog.withDefinitions(customMetrics, customDimensions);
    }
}
