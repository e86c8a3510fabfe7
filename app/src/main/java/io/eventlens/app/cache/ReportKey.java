package io.eventlens.app.cache;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.expression.ExpressionPrinter;
import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.NumberLiteral;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.expression.ResolvedMetric;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache key of a report: a SHA-256 of a canonical text of the resolved query. Not the records' toString, which
 * is ambiguous (a filter value {@code "a, b"} prints like the two values {@code a} and {@code b}); every text here is
 * length-prefixed instead. A custom metric or dimension enters with its whole resolved definition, including the
 * metrics it uses, so redefining one never answers from the old definition's entries.
 */
final class ReportKey {

    private final StringBuilder text = new StringBuilder(256);

    private ReportKey() {}

    static String of(ReportQuery query) {
        ReportKey key = new ReportKey();
        key.token(String.valueOf(query.metrics().size()));
        query.metrics().forEach(key::metric);
        key.token(String.valueOf(query.dimensions().size()));
        query.dimensions().forEach(key::dimension);
        key.token(String.valueOf(query.filters().size()));
        for (Filter filter : query.filters()) {
            key.dimension(filter.dimension());
            key.token(filter.op().name());
            key.token(String.valueOf(filter.values().size()));
            filter.values().forEach(key::token);
        }
        key.token(query.range().from().toString());
        key.token(query.range().to().toString());
        key.token(query.granularity() == null ? "-" : query.granularity().name());
        key.token(query.zone().getId());
        key.token(String.valueOf(query.orderBy().size()));
        for (SortKey sort : query.orderBy()) {
            switch (sort) {
                case SortKey.ByMetric m -> key.token("m" + m.index() + (m.descending() ? "d" : "a"));
                case SortKey.ByDimension d -> key.token("d" + d.index() + (d.descending() ? "d" : "a"));
            }
        }
        key.token(String.valueOf(query.limit()));
        key.token(String.valueOf(query.includeOthers()));
        key.token(query.compare() == null ? "-" : query.compare().name());
        key.token(query.sources().name());
        return sha256(key.text.toString());
    }

    private void metric(Metric metric) {
        switch (metric) {
            case BuiltInMetric builtIn -> token("builtin:" + builtIn.name());
            case CustomMetric custom -> {
                token("custom:" + custom.publicName());
                MetricExpression tree = ResolvedMetric.of(custom).expression();
                token(ExpressionPrinter.print(tree));
                // The printer writes a used metric as its name: its definition goes in too, so changing it counts.
                Map<String, String> used = new TreeMap<>();
                inlined(tree, used);
                token(String.valueOf(used.size()));
                used.forEach((name, definition) -> {
                    token(name);
                    token(definition);
                });
            }
        }
    }

    private static void inlined(MetricExpression expression, Map<String, String> used) {
        switch (expression) {
            case MetricExpression.Inlined i -> {
                if (used.putIfAbsent(i.name(), ExpressionPrinter.print(i.definition())) == null) {
                    inlined(i.definition(), used);
                }
            }
            case MetricExpression.Arithmetic a -> {
                inlined(a.left(), used);
                inlined(a.right(), used);
            }
            case MetricExpression.Negation n -> inlined(n.operand(), used);
            case MetricExpression.Aggregate a -> {}
            case MetricExpression.MetricReference r -> {}
            case NumberLiteral n -> {}
        }
    }

    private void dimension(Dimension dimension) {
        switch (dimension) {
            case Dimension.Column column -> token("column:" + column.column().name());
            case Dimension.Property property -> {
                token("property");
                token(property.key());
            }
            case CustomDimension custom -> {
                token("custom:" + custom.publicName());
                ResolvedDimension formula = (ResolvedDimension) custom.formula();
                token(formula.type().name());
                token(ExpressionPrinter.print(formula.expression()));
            }
        }
    }

    private void token(String value) {
        text.append(value.length()).append(':').append(value).append(';');
    }

    private static String sha256(String canonical) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
