package io.eventlens.core.expression;

import io.eventlens.core.expression.Condition.And;
import io.eventlens.core.expression.Condition.Comparison;
import io.eventlens.core.expression.Condition.Contains;
import io.eventlens.core.expression.Condition.InList;
import io.eventlens.core.expression.Condition.IsNull;
import io.eventlens.core.expression.Condition.Not;
import io.eventlens.core.expression.Condition.Or;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.MetricExpression.Arithmetic;
import io.eventlens.core.expression.MetricExpression.Inlined;
import io.eventlens.core.expression.MetricExpression.MetricReference;
import io.eventlens.core.expression.MetricExpression.Negation;
import io.eventlens.core.expression.RowExpression.BooleanLiteral;
import io.eventlens.core.expression.RowExpression.Call;
import io.eventlens.core.expression.RowExpression.ColumnRef;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import io.eventlens.core.expression.RowExpression.Revenue;
import io.eventlens.core.expression.RowExpression.RowArithmetic;
import io.eventlens.core.expression.RowExpression.RowNegation;
import io.eventlens.core.expression.RowExpression.TextLiteral;
import io.eventlens.core.expression.RowExpression.Timestamp;
import java.util.stream.Collectors;

/**
 * Writes trees back as canonical expression text: lower-case keywords and functions, single blanks, and only the
 * parentheses the grammar needs. Parsing the text of a parsed tree gives that tree again. Conversions the parser
 * added are written out ({@code sum(properties.ms)} prints as {@code sum(number(properties.ms))}), and an
 * {@link Inlined} metric prints as its name.
 */
public final class ExpressionPrinter {

    // Binding strength, loosest first; an operand binding looser than its place needs parentheses.
    private static final int FILTERED = 0;
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int PREDICATE = 4;
    private static final int SUM = 5;
    private static final int PRODUCT = 6;
    private static final int UNARY = 7;

    private ExpressionPrinter() {}

    public static String print(MetricExpression expression) {
        return metric(expression, FILTERED);
    }

    public static String print(RowExpression expression) {
        return row(expression, FILTERED);
    }

    public static String print(Condition condition) {
        return condition(condition, OR);
    }

    private static String metric(MetricExpression expression, int place) {
        return switch (expression) {
            case NumberLiteral n -> NumberText.of(n.value());
            case MetricReference r -> r.name();
            case Inlined i -> i.name();
            case Negation n ->
                wrap(
                        UNARY,
                        place,
                        "-"
                                + (n.operand() instanceof NumberLiteral || n.operand() instanceof Negation
                                        ? "(" + metric(n.operand(), FILTERED) + ")"
                                        : metric(n.operand(), UNARY)));
            case Arithmetic a ->
                binary(
                        a.operator(),
                        metric(a.left(), strength(a.operator())),
                        metric(a.right(), strength(a.operator()) + 1),
                        place);
            case Aggregate a -> aggregate(a, place);
        };
    }

    private static String aggregate(Aggregate aggregate, int place) {
        String arguments = aggregate.argument() == null
                ? ""
                : (aggregate.level() == null ? "" : NumberText.of(aggregate.level()) + ", ")
                        + row(aggregate.argument(), FILTERED);
        String call = aggregate.function().functionName() + "(" + arguments + ")";
        // A where clause runs to the end, so a filtered aggregate inside arithmetic needs parentheses.
        return aggregate.filter() == null
                ? call
                : wrap(FILTERED, place, call + " where " + condition(aggregate.filter(), OR));
    }

    private static String row(RowExpression expression, int place) {
        return switch (expression) {
            case ColumnRef c -> c.column().publicName();
            case Revenue r -> Binder.REVENUE;
            case Timestamp t -> Binder.TIMESTAMP;
            case PropertyRef p -> property(p.key());
            case TextLiteral t -> quote(t.value(), '\'');
            case NumberLiteral n -> NumberText.of(n.value());
            case BooleanLiteral b -> String.valueOf(b.value());
            case Call c ->
                c.function().functionName() + "("
                        + c.arguments().stream().map(a -> row(a, FILTERED)).collect(Collectors.joining(", ")) + ")";
            case RowNegation n ->
                wrap(
                        UNARY,
                        place,
                        "-"
                                + (n.operand() instanceof NumberLiteral || n.operand() instanceof RowNegation
                                        ? "(" + row(n.operand(), FILTERED) + ")"
                                        : row(n.operand(), UNARY)));
            case RowArithmetic a ->
                binary(
                        a.operator(),
                        row(a.left(), strength(a.operator())),
                        row(a.right(), strength(a.operator()) + 1),
                        place);
        };
    }

    private static String condition(Condition condition, int place) {
        return switch (condition) {
            case Or o -> wrap(OR, place, condition(o.left(), OR) + " or " + condition(o.right(), AND));
            case And a -> wrap(AND, place, condition(a.left(), AND) + " and " + condition(a.right(), NOT));
            case Not n -> wrap(NOT, place, "not " + condition(n.operand(), NOT));
            case Comparison c ->
                wrap(PREDICATE, place, row(c.left(), SUM) + " " + c.operator().symbol() + " " + row(c.right(), SUM));
            case InList i ->
                wrap(
                        PREDICATE,
                        place,
                        row(i.operand(), SUM) + (i.negated() ? " not in (" : " in (")
                                + i.values().stream().map(v -> row(v, FILTERED)).collect(Collectors.joining(", "))
                                + ")");
            case IsNull i ->
                wrap(PREDICATE, place, row(i.operand(), SUM) + (i.negated() ? " is not null" : " is null"));
            case Contains c -> wrap(PREDICATE, place, row(c.text(), SUM) + " contains " + row(c.part(), SUM));
        };
    }

    private static int strength(ArithmeticOperator operator) {
        return operator.multiplicative() ? PRODUCT : SUM;
    }

    private static String binary(ArithmeticOperator operator, String left, String right, int place) {
        return wrap(strength(operator), place, left + " " + operator.symbol() + " " + right);
    }

    private static String wrap(int strength, int place, String text) {
        return strength < place ? "(" + text + ")" : text;
    }

    /** {@code properties.plan}, or {@code properties."my key"} when the key is not made of name characters. */
    static String property(String key) {
        boolean plain = !key.isEmpty() && key.chars().allMatch(c -> c < 128 && Lexer.isNamePart((char) c));
        return Lexer.PROPERTIES + "." + (plain ? key : quote(key, '"'));
    }

    private static String quote(String value, char quote) {
        String doubled = String.valueOf(quote) + quote;
        return quote + value.replace(String.valueOf(quote), doubled) + quote;
    }
}
