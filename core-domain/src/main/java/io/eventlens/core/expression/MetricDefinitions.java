package io.eventlens.core.expression;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The custom metrics a project has defined, as expression text by name; the resolver reads them on demand. */
public interface MetricDefinitions {

    /** The stored expression of the custom metric with this exact name. */
    Optional<String> expression(String name);

    /** All custom metric names, for "did you mean" suggestions. */
    Collection<String> names();

    /** Definitions held in a map of name to expression text. */
    static MetricDefinitions of(Map<String, String> expressions) {
        Map<String, String> copy = Map.copyOf(expressions);
        return new MetricDefinitions() {
            @Override
            public Optional<String> expression(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public Collection<String> names() {
                return copy.keySet();
            }
        };
    }

    /** No custom metrics: only built-in ones resolve. */
    static MetricDefinitions none() {
        return of(Map.of());
    }
}
