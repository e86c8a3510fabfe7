package io.eventlens.core.expression;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.expression.ExpressionException.Code;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.MetricExpression.Arithmetic;
import io.eventlens.core.expression.MetricExpression.Inlined;
import io.eventlens.core.expression.MetricExpression.MetricReference;
import io.eventlens.core.expression.MetricExpression.Negation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Resolves metric names in expressions: built-in metrics become their equivalent aggregates, custom metrics
 * their own resolved trees, inlined. Refuses unknown names, cycles ({@code a -> b -> a}) and metrics that grow too
 * large once inlined. Stateless and thread-safe.
 */
public final class ExpressionResolver {

    private static final String CYCLE_HINT =
            "a metric can't use itself, directly or through other metrics; " + "remove one of these uses";

    private final ExpressionParser parser;

    public ExpressionResolver(ExpressionLimits limits) {
        this.parser = new ExpressionParser(limits);
    }

    /** An unnamed metric expression, e.g. one typed into a report for a preview. */
    public ResolvedMetric metric(String expression, MetricDefinitions definitions) {
        return new Resolution(definitions, null).root(expression);
    }

    /**
     * The definition of the custom metric {@code name}, as it would be saved: a reference back to {@code name},
     * directly or through other metrics, is a {@link Code#CYCLE}. Check the name with {@link DefinitionNames}.
     */
    public ResolvedMetric metric(String name, String expression, MetricDefinitions definitions) {
        return new Resolution(definitions, Objects.requireNonNull(name, "name")).root(expression);
    }

    /** A custom dimension's expression; dimensions use no names that need resolving. */
    public ResolvedDimension dimension(String expression) {
        Binder.Typed typed = parser.bindDimension(expression);
        return new ResolvedDimension(typed.expression(), typed.type());
    }

    /** A condition on single events, e.g. an ad-hoc filter. */
    public Condition condition(String expression) {
        return parser.condition(expression);
    }

    /** One resolution: the definitions read so far and the chain of metrics being resolved. */
    private final class Resolution {

        private final MetricDefinitions definitions;
        private final @Nullable String rootName;
        private final List<String> path = new ArrayList<>();
        private final Map<String, Inlined> resolved = new HashMap<>();
        private final Set<String> dependencies = new LinkedHashSet<>();

        Resolution(MetricDefinitions definitions, @Nullable String rootName) {
            this.definitions = Objects.requireNonNull(definitions, "definitions");
            this.rootName = rootName;
            if (rootName != null) {
                path.add(rootName);
            }
        }

        ResolvedMetric root(String expression) {
            MetricExpression tree = resolve(expression);
            long size = new NodeCount().of(tree);
            ExpressionLimits limits = parser.limits();
            if (size > limits.maxInlinedNodes()) {
                throw new ExpressionException(
                        Code.TOO_COMPLEX,
                        0,
                        "with the metrics it uses inlined, this metric " + "has " + size + " parts, more than the "
                                + limits.maxInlinedNodes() + " allowed",
                        "use fewer or simpler metrics inside it");
            }
            return new ResolvedMetric(tree, dependencies);
        }

        private MetricExpression resolve(String expression) {
            Binder.BoundMetric bound = parser.bindMetric(expression);
            Map<String, Inlined> targets = new HashMap<>();
            for (Binder.Reference reference : bound.references()) {
                if (!targets.containsKey(reference.name())) {
                    targets.put(reference.name(), target(reference));
                }
            }
            return replace(bound.expression(), targets);
        }

        private Inlined target(Binder.Reference reference) {
            String name = reference.name();
            Optional<BuiltInMetric> builtIn = Arrays.stream(BuiltInMetric.values())
                    .filter(m -> m.publicName().equals(name))
                    .findFirst();
            if (builtIn.isPresent() && builtIn.get().perSession()) {
                throw new ExpressionException(
                        Code.MISPLACED,
                        reference.position(),
                        "metric '" + name + "' is computed per session and cannot be used in an expression",
                        "use it directly in a report");
            }
            if (builtIn.isPresent()) {
                return new Inlined(name, BuiltInExpressions.metric(builtIn.get()));
            }
            int loop = path.indexOf(name);
            if (loop >= 0) {
                List<String> cycle = new ArrayList<>(path.subList(loop, path.size()));
                cycle.add(name);
                String what = "metric '" + name + "' refers to itself: " + String.join(" -> ", cycle);
                if (loop == 0 && rootName != null && path.size() > 1) {
                    throw new CycleThroughRoot(what); // shown where the root text starts it, see below
                }
                throw new ExpressionException(Code.CYCLE, reference.position(), what, CYCLE_HINT);
            }
            Inlined known = resolved.get(name);
            if (known != null) {
                return known;
            }
            String expression = definitions.expression(name).orElseThrow(() -> unknownMetric(reference));
            if (path.size() >= parser.limits().maxReferenceDepth()) {
                throw new ExpressionException(
                        Code.TOO_COMPLEX,
                        reference.position(),
                        "metrics refer to metrics " + "more than "
                                + parser.limits().maxReferenceDepth() + " levels deep here",
                        "define '" + name + "' more directly");
            }
            boolean fromRoot = path.size() == (rootName == null ? 0 : 1);
            path.add(name);
            MetricExpression definition;
            try {
                definition = resolve(expression);
            } catch (ExpressionException e) {
                throw e.inDefinition(name);
            } catch (CycleThroughRoot e) {
                if (!fromRoot) {
                    throw e;
                }
                throw new ExpressionException(
                        Code.CYCLE, reference.position(), String.valueOf(e.getMessage()), CYCLE_HINT);
            } finally {
                path.removeLast();
            }
            dependencies.add(name);
            Inlined inlined = new Inlined(name, definition);
            resolved.put(name, inlined);
            return inlined;
        }

        private ExpressionException unknownMetric(Binder.Reference reference) {
            // Only what an expression may use: per-session metrics are refused in target().
            List<String> names = Stream.concat(
                            Arrays.stream(BuiltInMetric.values())
                                    .filter(m -> !m.perSession())
                                    .map(BuiltInMetric::publicName),
                            definitions.names().stream())
                    .toList();
            return new ExpressionException(
                    Code.UNKNOWN_NAME,
                    reference.position(),
                    "unknown metric '" + Messages.excerpt(reference.name()) + "'",
                    Messages.didYouMean(
                            reference.name(),
                            names,
                            "metrics are " + String.join(", ", names.size() > 30 ? names.subList(0, 30) : names)
                                    + "; event values such as properties.x are only valid inside an aggregate"));
        }
    }

    private static MetricExpression replace(MetricExpression expression, Map<String, Inlined> targets) {
        return switch (expression) {
            case MetricReference r -> Objects.requireNonNull(targets.get(r.name()), r.name());
            case Arithmetic a -> new Arithmetic(a.operator(), replace(a.left(), targets), replace(a.right(), targets));
            case Negation n -> new Negation(replace(n.operand(), targets));
            case Aggregate a -> a;
            case Inlined i -> i;
            case NumberLiteral n -> n;
        };
    }

    /** A cycle back to the metric being defined, on its way to the reference in that metric's own text. */
    private static final class CycleThroughRoot extends RuntimeException {
        CycleThroughRoot(String message) {
            super(message, null, false, false);
        }
    }
}
