package io.eventlens.sql;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.ExpressionWalker;

/**
 * The parts of compiled expressions that are standard SQL in every engine: columns of {@code e}, literals as bind
 * parameters, unary minus, boolean connectives and null tests. An engine's compiler extends this class and writes
 * the rest (aggregates, arithmetic, functions, two-valued comparisons) in its dialect.
 */
public abstract class SqlExpressionCompiler extends ExpressionWalker<String> {

    private final SqlBinder binder;

    protected SqlExpressionCompiler(SqlBinder binder) {
        this.binder = binder;
    }

    @Override
    protected String column(EventColumn column) {
        return EventSql.column(column);
    }

    @Override
    protected String timestamp() {
        return "e.ts";
    }

    @Override
    protected String text(String value) {
        return binder.text(value);
    }

    @Override
    protected String bool(boolean value) {
        return value ? "true" : "false";
    }

    @Override
    protected String negation(String operand) {
        return "(- " + operand + ")";
    }

    @Override
    protected String and(String left, String right) {
        return "(" + left + " AND " + right + ")";
    }

    @Override
    protected String or(String left, String right) {
        return "(" + left + " OR " + right + ")";
    }

    @Override
    protected String not(String operand) {
        return "(NOT " + operand + ")";
    }

    @Override
    protected String isNull(String operand, boolean negated) {
        return "(" + operand + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
}
