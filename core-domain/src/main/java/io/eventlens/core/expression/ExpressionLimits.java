package io.eventlens.core.expression;

/**
 * Bounds on one expression, so no definition can exhaust the parser, the stack or an engine.
 *
 * @param maxLength characters of expression text
 * @param maxDepth nesting of parentheses, function calls, where clauses and unary operators
 * @param maxNodes syntax nodes of one expression text
 * @param maxInListValues values of one {@code in (...)} list
 * @param maxInlinedNodes nodes of a metric once every referenced metric is inlined
 * @param maxReferenceDepth metrics referring to metrics referring to ... metrics
 */
public record ExpressionLimits(
        int maxLength, int maxDepth, int maxNodes, int maxInListValues, int maxInlinedNodes, int maxReferenceDepth) {

    public ExpressionLimits {
        if (maxLength < 1
                || maxDepth < 1
                || maxNodes < 1
                || maxInListValues < 1
                || maxInlinedNodes < 1
                || maxReferenceDepth < 1) {
            throw new IllegalArgumentException("expression limits must be positive");
        }
    }

    public static ExpressionLimits defaults() {
        return new ExpressionLimits(2_000, 32, 500, 1_000, 5_000, 16);
    }
}
