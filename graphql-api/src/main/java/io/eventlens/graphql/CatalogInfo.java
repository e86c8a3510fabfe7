package io.eventlens.graphql;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.expression.BuiltInExpressions;
import io.eventlens.core.expression.ExpressionPrinter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code Catalog}: what a report may name, with descriptions for people and tools. */
record CatalogInfo(List<MetricInfo> metrics, List<DimensionInfo> dimensions) {

    /** The GraphQL {@code MetricInfo}. */
    record MetricInfo(
            String name,
            String description,
            @Nullable String unit,
            boolean builtIn,
            @Nullable String expression) {}

    /** The GraphQL {@code DimensionInfo}. */
    record DimensionInfo(
            String name,
            String description,
            @Nullable String unit,
            boolean builtIn,
            @Nullable String expression) {}

    static CatalogInfo of(Catalog catalog) {
        return new CatalogInfo(
                catalog.metrics().stream().map(CatalogInfo::metric).toList(),
                catalog.dimensions().stream().map(CatalogInfo::dimension).toList());
    }

    static MetricInfo metric(Metric metric) {
        return switch (metric) {
            // Per-session metrics aggregate twice: no expression form.
            case BuiltInMetric m ->
                new MetricInfo(
                        m.publicName(),
                        m.description(),
                        m.unit(),
                        true,
                        m.perSession() ? null : ExpressionPrinter.print(BuiltInExpressions.metric(m)));
            case CustomMetric m -> new MetricInfo(m.publicName(), m.description(), m.unit(), false, m.expression());
        };
    }

    static DimensionInfo dimension(Dimension dimension) {
        return switch (dimension) {
            case Dimension.Column c ->
                new DimensionInfo(c.publicName(), c.column().description(), null, true, null);
            case Dimension.Property p ->
                new DimensionInfo(
                        p.publicName(), "The '" + p.key() + "' key of the event's properties", null, false, null);
            case CustomDimension c -> new DimensionInfo(c.publicName(), c.description(), null, false, c.expression());
        };
    }
}
