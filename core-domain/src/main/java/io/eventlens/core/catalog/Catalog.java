package io.eventlens.core.catalog;

import io.eventlens.core.event.EventColumn;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The metrics and dimensions one project's reports may use, looked up by public name. */
public final class Catalog {

    /** Longest accepted property key; longer ones are surely mistakes and would bloat group keys. */
    public static final int MAX_PROPERTY_KEY_LENGTH = 128;

    private static final Catalog BUILT_IN = new Catalog(
            Arrays.asList(BuiltInMetric.values()),
            Arrays.stream(EventColumn.values())
                    .<Dimension>map(Dimension.Column::new)
                    .toList());

    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, Dimension> dimensions = new LinkedHashMap<>();

    private Catalog(List<? extends Metric> metrics, List<? extends Dimension> dimensions) {
        metrics.forEach(m -> this.metrics.put(m.publicName(), m));
        dimensions.forEach(d -> this.dimensions.put(d.publicName(), d));
    }

    /** The catalog every project starts with. */
    public static Catalog builtIn() {
        return BUILT_IN;
    }

    /**
     * The built-in catalog plus a project's own metrics and dimensions, listed after the built-ins. Names are
     * checked when definitions are saved, so they never clash with built-in ones.
     */
    public static Catalog withDefinitions(List<CustomMetric> customMetrics, List<CustomDimension> customDimensions) {
        List<Metric> metrics = new java.util.ArrayList<>(BUILT_IN.metrics.values());
        metrics.addAll(customMetrics);
        List<Dimension> dimensions = new java.util.ArrayList<>(BUILT_IN.dimensions.values());
        dimensions.addAll(customDimensions);
        return new Catalog(metrics, dimensions);
    }

    public List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }

    /** The named dimensions; {@code properties.<key>} dimensions exist for any key and are not listed. */
    public List<Dimension> dimensions() {
        return List.copyOf(dimensions.values());
    }

    public Optional<Metric> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /** Resolves a named dimension or a {@code properties.<key>} reference with a well-formed key. */
    public Optional<Dimension> dimension(String name) {
        Dimension named = dimensions.get(name);
        if (named != null) {
            return Optional.of(named);
        }
        if (name.startsWith(Dimension.PROPERTY_PREFIX)) {
            String key = name.substring(Dimension.PROPERTY_PREFIX.length());
            if (isValidPropertyKey(key)) {
                return Optional.of(new Dimension.Property(key));
            }
        }
        return Optional.empty();
    }

    /** A property key is non-empty, bounded and free of control characters. */
    public static boolean isValidPropertyKey(String key) {
        return !key.isEmpty()
                && key.length() <= MAX_PROPERTY_KEY_LENGTH
                && key.codePoints().noneMatch(Character::isISOControl);
    }
}
