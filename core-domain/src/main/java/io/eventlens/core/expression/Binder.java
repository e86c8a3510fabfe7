package io.eventlens.core.expression;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.Condition.Comparison;
import io.eventlens.core.expression.ExpressionException.Code;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.RowExpression.Call;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a syntax tree into a typed tree: decides what each name means where it stands, checks types, and wraps
 * every property in the conversion its use needs. Metric references stay unresolved but are listed with their
 * positions for {@link ExpressionResolver}.
 */
final class Binder {

    /** Where a row-level value stands; only for the wording of messages. */
    private enum Place {
        ARGUMENT,
        WHERE,
        DIMENSION,
        CONDITION
    }

    /** A metric name used in the text, at its 1-based position. */
    record Reference(String name, int position) {}

    /** A parsed metric and the metric names it uses, in order of appearance. */
    record BoundMetric(MetricExpression expression, List<Reference> references) {}

    /** A row value and its type. */
    record Typed(RowExpression expression, ValueType type) {}

    static final String REVENUE = "revenue";
    static final String TIMESTAMP = "timestamp";

    /** Every name a value can use: the text columns, revenue and timestamp. */
    static final List<String> ROW_NAMES = Stream.concat(
                    Arrays.stream(EventColumn.values()).map(EventColumn::publicName), Stream.of(REVENUE, TIMESTAMP))
            .toList();

    private static final String ROW_NAME_LIST = String.join(", ", ROW_NAMES) + " or properties.<key>";

    private final List<Reference> references = new ArrayList<>();

    private Binder() {}

    static BoundMetric metric(Syntax syntax) {
        Binder binder = new Binder();
        MetricExpression expression = binder.metricTerm(syntax);
        if (!aggregatesOrRefers(expression)) {
            throw new ExpressionException(
                    Code.MISPLACED,
                    1,
                    "a metric needs an aggregate or another metric",
                    "write e.g. count(), sum(revenue) or revenue / uniqueUsers");
        }
        return new BoundMetric(expression, List.copyOf(binder.references));
    }

    static Typed dimension(Syntax syntax) {
        Typed value = new Binder().value(syntax, Place.DIMENSION);
        return switch (value.type()) {
            case TIME ->
                throw new ExpressionException(
                        Code.TYPE_MISMATCH,
                        syntax.position(),
                        "a dimension can't be the raw timestamp",
                        "group time with the report's granularity, or use "
                                + "hour_of_day(timestamp) or day_of_week(timestamp)");
            case JSON -> new Typed(convert(value.expression(), ValueType.TEXT), ValueType.TEXT);
            case TEXT, NUMBER, BOOLEAN -> value;
        };
    }

    static Condition condition(Syntax syntax) {
        return new Binder().condition(syntax, Place.CONDITION);
    }

    private static boolean aggregatesOrRefers(MetricExpression expression) {
        return switch (expression) {
            case Aggregate a -> true;
            case MetricExpression.MetricReference r -> true;
            case MetricExpression.Inlined i -> true;
            case NumberLiteral n -> false;
            case MetricExpression.Arithmetic a -> aggregatesOrRefers(a.left()) || aggregatesOrRefers(a.right());
            case MetricExpression.Negation n -> aggregatesOrRefers(n.operand());
        };
    }

    // ---- metrics

    private MetricExpression metricTerm(Syntax syntax) {
        return switch (syntax) {
            case Syntax.Num n -> new NumberLiteral(n.value());
            case Syntax.Name n -> metricName(n);
            case Syntax.Minus m -> new MetricExpression.Negation(metricTerm(m.operand()));
            case Syntax.Arith a ->
                new MetricExpression.Arithmetic(a.operator(), metricTerm(a.left()), metricTerm(a.right()));
            case Syntax.Call c -> metricCall(c);
            case Syntax.Prop p ->
                throw new ExpressionException(
                        Code.MISPLACED,
                        p.position(),
                        "'properties." + Messages.excerpt(p.key()) + "' is a value of each event, not a metric",
                        "aggregate it, e.g. sum(properties." + Messages.excerpt(p.key()) + ") or uniq(properties."
                                + Messages.excerpt(p.key()) + ")");
            case Syntax.Str s ->
                throw new ExpressionException(
                        Code.TYPE_MISMATCH,
                        s.position(),
                        "a metric is a number, not text '" + Messages.excerpt(s.value()) + "'",
                        "compare text in a where clause: count() where type = '" + Messages.excerpt(s.value()) + "'");
            case Syntax.Bool b ->
                throw new ExpressionException(
                        Code.TYPE_MISMATCH,
                        b.position(),
                        "a metric is a number, not " + b.value(),
                        "compare booleans in a where clause: " + "count() where properties.trial = true");
            case Syntax.Compare c -> conditionWithoutAggregate(c);
            case Syntax.In i -> conditionWithoutAggregate(i);
            case Syntax.IsNull i -> conditionWithoutAggregate(i);
            case Syntax.Contains c -> conditionWithoutAggregate(c);
            case Syntax.Logic l -> conditionWithoutAggregate(l);
            case Syntax.Not n -> conditionWithoutAggregate(n);
        };
    }

    private static MetricExpression conditionWithoutAggregate(Syntax syntax) {
        throw new ExpressionException(
                Code.MISPLACED,
                syntax.position(),
                "a condition needs an aggregate before it",
                "write e.g. count() where type = 'purchase'; to divide a filtered aggregate put it in "
                        + "parentheses: (count() where type = 'purchase') / count()");
    }

    private MetricExpression metricName(Syntax.Name name) {
        String text = name.name();
        if (!text.equals(REVENUE) && ROW_NAMES.contains(text)) {
            throw new ExpressionException(
                    Code.MISPLACED,
                    name.position(),
                    "'" + text + "' is a value of each event, not a metric",
                    text.equals(TIMESTAMP)
                            ? "the report's range and granularity select time; count events with count()"
                            : "aggregate it, e.g. uniq(" + text + "), or count events with count() where " + text
                                    + " = '...'");
        }
        if (text.equals(Lexer.PROPERTIES)) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    name.position(),
                    "'properties' needs a key",
                    "aggregate a property, e.g. sum(properties.amount)");
        }
        references.add(new Reference(text, name.position()));
        return new MetricExpression.MetricReference(text);
    }

    private MetricExpression metricCall(Syntax.Call call) {
        AggregateFunction function = AggregateFunction.byName(call.name()).orElse(null);
        if (function == null) {
            if (RowFunction.byName(call.name()).isPresent()) {
                throw new ExpressionException(
                        Code.MISPLACED,
                        call.position(),
                        call.name() + "() works on values of single events, not on metrics",
                        "use it inside an aggregate, e.g. uniq(" + call.name().toLowerCase(Locale.ROOT) + "(...))");
            }
            throw unknownFunction(call);
        }
        List<Syntax> arguments = call.arguments();
        int expected = switch (function) {
            case COUNT -> 0;
            case QUANTILE -> 2;
            default -> 1;
        };
        if (arguments.size() != expected) {
            String hint = switch (function) {
                case COUNT ->
                    "to count events that have a value write count() where x is not null, "
                            + "to count distinct values write uniq(x)";
                case QUANTILE ->
                    "write quantile(p, x) with p between 0 and 1, e.g. quantile(0.95, " + "properties.duration_ms)";
                default -> "write " + function.functionName() + "(x)";
            };
            throw new ExpressionException(
                    Code.WRONG_ARGUMENTS,
                    call.position(),
                    function.functionName()
                            + "() takes " + expected + (expected == 1 ? " argument" : " arguments") + ", got "
                            + arguments.size(),
                    hint);
        }
        for (Syntax argument : arguments) {
            refuseAggregates(argument, Place.ARGUMENT);
        }
        Double level = null;
        RowExpression argument = null;
        if (function == AggregateFunction.QUANTILE) {
            level = quantileLevel(arguments.getFirst());
            argument = number(value(arguments.get(1), Place.ARGUMENT), arguments.get(1), "quantile()");
        } else if (function != AggregateFunction.COUNT) {
            Syntax syntax = arguments.getFirst();
            Typed value = value(syntax, Place.ARGUMENT);
            argument = function == AggregateFunction.UNIQ
                    ? distinctValue(value, syntax)
                    : number(value, syntax, function.functionName() + "()");
        }
        Condition filter = null;
        if (call.filter() != null) {
            refuseAggregates(call.filter(), Place.WHERE);
            filter = condition(call.filter(), Place.WHERE);
        }
        return new Aggregate(function, level, argument, filter);
    }

    /** Finds a misplaced aggregate before type errors around it could hide the real mistake. */
    private static void refuseAggregates(Syntax syntax, Place place) {
        List<Syntax> children = switch (syntax) {
            case Syntax.Call c -> {
                if (AggregateFunction.byName(c.name()).isPresent()) {
                    throw aggregateIn(c, place);
                }
                yield c.filter() == null
                        ? c.arguments()
                        : Stream.concat(c.arguments().stream(), Stream.of(c.filter()))
                                .toList();
            }
            case Syntax.Minus m -> List.of(m.operand());
            case Syntax.Arith a -> List.of(a.left(), a.right());
            case Syntax.Compare c -> List.of(c.left(), c.right());
            case Syntax.In i ->
                Stream.concat(Stream.of(i.operand()), i.values().stream()).toList();
            case Syntax.IsNull i -> List.of(i.operand());
            case Syntax.Contains c -> List.of(c.text(), c.part());
            case Syntax.Logic l -> List.of(l.left(), l.right());
            case Syntax.Not n -> List.of(n.operand());
            case Syntax.Num n -> List.of();
            case Syntax.Str s -> List.of();
            case Syntax.Bool b -> List.of();
            case Syntax.Name n -> List.of();
            case Syntax.Prop p -> List.of();
        };
        children.forEach(child -> refuseAggregates(child, place));
    }

    private static double quantileLevel(Syntax syntax) {
        if (!(syntax instanceof Syntax.Num(int position, double level))) {
            throw new ExpressionException(
                    Code.MISPLACED,
                    syntax.position(),
                    "the level of quantile() must be a " + "number written out",
                    "write e.g. quantile(0.95, properties.duration_ms)");
        }
        if (level < 0 || level > 1) {
            throw new ExpressionException(
                    Code.INVALID_LITERAL,
                    position,
                    "quantile level " + level + " is outside 0..1",
                    "write 0.5 for the median, 0.95 for the 95th percentile");
        }
        return level;
    }

    private static RowExpression distinctValue(Typed value, Syntax syntax) {
        return switch (value.type()) {
            case TEXT, NUMBER, BOOLEAN -> value.expression();
            case JSON -> convert(value.expression(), ValueType.TEXT);
            case TIME ->
                throw new ExpressionException(
                        Code.TYPE_MISMATCH,
                        syntax.position(),
                        "uniq() can't count distinct timestamps",
                        "count distinct users or sessions: uniq(userId)");
        };
    }

    // ---- values

    private Typed value(Syntax syntax, Place place) {
        return switch (syntax) {
            case Syntax.Num n -> new Typed(new NumberLiteral(n.value()), ValueType.NUMBER);
            case Syntax.Str s -> new Typed(new RowExpression.TextLiteral(s.value()), ValueType.TEXT);
            case Syntax.Bool b -> new Typed(new RowExpression.BooleanLiteral(b.value()), ValueType.BOOLEAN);
            case Syntax.Prop p -> new Typed(new PropertyRef(p.key()), ValueType.JSON);
            case Syntax.Name n -> rowName(n);
            case Syntax.Minus m ->
                new Typed(
                        new RowExpression.RowNegation(number(value(m.operand(), place), m.operand(), "'-'")),
                        ValueType.NUMBER);
            case Syntax.Arith a ->
                new Typed(
                        new RowExpression.RowArithmetic(
                                a.operator(),
                                number(
                                        value(a.left(), place),
                                        a.left(),
                                        "'" + a.operator().symbol() + "'"),
                                number(
                                        value(a.right(), place),
                                        a.right(),
                                        "'" + a.operator().symbol() + "'")),
                        ValueType.NUMBER);
            case Syntax.Call c -> rowCall(c, place);
            case Syntax.Compare c -> conditionAsValue(c);
            case Syntax.In i -> conditionAsValue(i);
            case Syntax.IsNull i -> conditionAsValue(i);
            case Syntax.Contains c -> conditionAsValue(c);
            case Syntax.Logic l -> conditionAsValue(l);
            case Syntax.Not n -> conditionAsValue(n);
        };
    }

    private static Typed conditionAsValue(Syntax syntax) {
        throw new ExpressionException(
                Code.MISPLACED,
                syntax.position(),
                "a condition can't be used as a value",
                "filter an aggregate with where instead: sum(revenue) where country = 'DE'");
    }

    private static Typed rowName(Syntax.Name name) {
        String text = name.name();
        if (text.equals(REVENUE)) {
            return new Typed(new RowExpression.Revenue(), ValueType.NUMBER);
        }
        if (text.equals(TIMESTAMP)) {
            return new Typed(new RowExpression.Timestamp(), ValueType.TIME);
        }
        var column = EventColumn.byPublicName(text);
        if (column.isPresent()) {
            return new Typed(new RowExpression.ColumnRef(column.get()), ValueType.TEXT);
        }
        if (text.equals(Lexer.PROPERTIES)) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    name.position(),
                    "'properties' needs a key",
                    "write properties.plan, or properties.\"my key\"");
        }
        if (Arrays.stream(BuiltInMetric.values()).anyMatch(m -> m.publicName().equals(text))) {
            throw new ExpressionException(
                    Code.MISPLACED,
                    name.position(),
                    "'" + text + "' is a metric, not a " + "value of each event",
                    "inside an aggregate or a where clause use " + ROW_NAME_LIST);
        }
        throw new ExpressionException(
                Code.UNKNOWN_NAME,
                name.position(),
                "unknown column '" + Messages.excerpt(text) + "'",
                Messages.didYouMean(
                        text, ROW_NAMES, "use " + ROW_NAME_LIST + " (metric names are only valid outside aggregates)"));
    }

    private Typed rowCall(Syntax.Call call, Place place) {
        RowFunction function = RowFunction.byName(call.name()).orElse(null);
        if (function == null) {
            if (AggregateFunction.byName(call.name()).isPresent()) {
                throw aggregateIn(call, place);
            }
            throw unknownFunction(call);
        }
        if (call.filter() != null) {
            throw new ExpressionException(
                    Code.MISPLACED,
                    call.position(),
                    "'where' can only follow an aggregate",
                    "filter the aggregate around it: count() where ...");
        }
        List<Syntax> arguments = call.arguments();
        if (arguments.size() < function.minArguments() || arguments.size() > function.maxArguments()) {
            throw new ExpressionException(
                    Code.WRONG_ARGUMENTS,
                    call.position(),
                    function.functionName()
                            + "() takes " + (function == RowFunction.COALESCE ? "2 or more arguments" : "1 argument")
                            + ", got " + arguments.size());
        }
        List<Typed> values = arguments.stream().map(a -> value(a, place)).toList();
        String name = function.functionName() + "()";
        Syntax first = arguments.getFirst();
        Typed value = values.getFirst();
        return switch (function) {
            case LOWER, UPPER, URL_HOST, URL_PATH ->
                new Typed(new Call(function, List.of(text(value, first, name))), ValueType.TEXT);
            case HOUR_OF_DAY, DAY_OF_WEEK -> {
                if (value.type() != ValueType.TIME) {
                    throw mismatch(
                            first,
                            value,
                            name + " needs the timestamp",
                            "write " + name.replace("()", "") + "(timestamp)");
                }
                yield new Typed(new Call(function, List.of(value.expression())), ValueType.NUMBER);
            }
            case NUMBER ->
                switch (value.type()) {
                    case JSON -> new Typed(convert(value.expression(), ValueType.NUMBER), ValueType.NUMBER);
                    case TEXT, NUMBER -> new Typed(new Call(function, List.of(value.expression())), ValueType.NUMBER);
                    case BOOLEAN, TIME ->
                        throw mismatch(
                                first,
                                value,
                                "number() needs text or a property",
                                "numbers are read from properties and text");
                };
            case TEXT ->
                switch (value.type()) {
                    case JSON -> new Typed(convert(value.expression(), ValueType.TEXT), ValueType.TEXT);
                    case TEXT, NUMBER, BOOLEAN ->
                        new Typed(new Call(function, List.of(value.expression())), ValueType.TEXT);
                    case TIME ->
                        throw mismatch(
                                first,
                                value,
                                "text() can't convert the timestamp",
                                "use hour_of_day(timestamp) or day_of_week(timestamp)");
                };
            case BOOLEAN ->
                switch (value.type()) {
                    case JSON -> new Typed(convert(value.expression(), ValueType.BOOLEAN), ValueType.BOOLEAN);
                    case BOOLEAN -> new Typed(new Call(function, List.of(value.expression())), ValueType.BOOLEAN);
                    case TEXT, NUMBER, TIME ->
                        throw mismatch(
                                first, value, "boolean() reads a property", "compare text with = 'true' instead");
                };
            case COALESCE -> coalesce(arguments, values);
        };
    }

    private static Typed coalesce(List<Syntax> arguments, List<Typed> values) {
        Set<ValueType> types = values.stream()
                .map(Typed::type)
                .filter(t -> t != ValueType.JSON)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ValueType.class)));
        if (types.isEmpty()) { // only properties: stays a property until its use decides the type
            return new Typed(
                    new Call(
                            RowFunction.COALESCE,
                            values.stream().map(Typed::expression).toList()),
                    ValueType.JSON);
        }
        ValueType type = types.iterator().next();
        for (int i = 0; i < values.size(); i++) {
            Typed value = values.get(i);
            if (value.type() == ValueType.TIME) {
                throw mismatch(arguments.get(i), value, "coalesce() can't take the timestamp", "");
            }
            if (value.type() != ValueType.JSON && value.type() != type) {
                throw mismatch(
                        arguments.get(i),
                        value,
                        "coalesce() needs arguments of one type, here " + type.describe(),
                        "convert with text(...) or number(...)");
            }
        }
        return new Typed(
                new Call(
                        RowFunction.COALESCE,
                        values.stream()
                                .map(v -> v.type() == ValueType.JSON ? convert(v.expression(), type) : v.expression())
                                .toList()),
                type);
    }

    /** A property (or coalesce of properties) converted to a type: number(properties.x) and the like. */
    private static RowExpression convert(RowExpression json, ValueType type) {
        return switch (json) {
            case PropertyRef p -> new Call(RowFunction.conversionTo(type), List.of(p));
            case Call(RowFunction function, List<RowExpression> arguments)
            when function == RowFunction.COALESCE ->
                new Call(
                        RowFunction.COALESCE,
                        arguments.stream().map(a -> convert(a, type)).toList());
            default -> throw new IllegalStateException("not a property value: " + json);
        };
    }

    private static RowExpression number(Typed value, Syntax syntax, String user) {
        return switch (value.type()) {
            case NUMBER -> value.expression();
            case JSON -> convert(value.expression(), ValueType.NUMBER);
            case TEXT ->
                throw mismatch(
                        syntax,
                        value,
                        user + " needs a number",
                        "convert text that holds numbers " + "with number(...)");
            case TIME, BOOLEAN -> throw mismatch(syntax, value, user + " needs a number", "");
        };
    }

    private static RowExpression text(Typed value, Syntax syntax, String user) {
        return switch (value.type()) {
            case TEXT -> value.expression();
            case JSON -> convert(value.expression(), ValueType.TEXT);
            case NUMBER, BOOLEAN -> throw mismatch(syntax, value, user + " needs text", "convert with text(...)");
            case TIME -> throw mismatch(syntax, value, user + " needs text", "");
        };
    }

    // ---- conditions

    private Condition condition(Syntax syntax, Place place) {
        return switch (syntax) {
            case Syntax.Logic l ->
                l.and()
                        ? new Condition.And(condition(l.left(), place), condition(l.right(), place))
                        : new Condition.Or(condition(l.left(), place), condition(l.right(), place));
            case Syntax.Not n -> new Condition.Not(condition(n.operand(), place));
            case Syntax.Compare c -> comparison(c, place);
            case Syntax.In i -> inList(i, place);
            case Syntax.IsNull i -> {
                Typed value = value(i.operand(), place);
                RowExpression operand = switch (value.type()) {
                    case TEXT, NUMBER, BOOLEAN -> value.expression();
                    case JSON -> convert(value.expression(), ValueType.TEXT);
                    case TIME -> throw mismatch(i.operand(), value, "the timestamp is never null", "");
                };
                yield new Condition.IsNull(operand, i.negated());
            }
            case Syntax.Contains c ->
                new Condition.Contains(
                        text(value(c.text(), place), c.text(), "contains"),
                        text(value(c.part(), place), c.part(), "contains"));
            case Syntax.Bool b ->
                throw new ExpressionException(
                        Code.TYPE_MISMATCH,
                        b.position(),
                        "expected a condition, not " + b.value(),
                        "compare a value: properties.trial = " + b.value());
            case Syntax.Call c when AggregateFunction.byName(c.name()).isPresent() -> throw aggregateIn(c, place);
            default -> {
                Typed value = value(syntax, place);
                throw mismatch(
                        syntax,
                        value,
                        "expected a condition",
                        "compare it, e.g. " + (value.type() == ValueType.NUMBER ? "x > 0" : "x = 'value'"));
            }
        };
    }

    private Condition comparison(Syntax.Compare compare, Place place) {
        Typed left = value(compare.left(), place);
        Typed right = value(compare.right(), place);
        ComparisonOperator operator = compare.operator();
        if (operator.ordering()) {
            String user = "'" + operator.symbol() + "'";
            return new Comparison(number(left, compare.left(), user), operator, number(right, compare.right(), user));
        }
        refuseTime(left, compare.left());
        refuseTime(right, compare.right());
        ValueType type = left.type() != ValueType.JSON
                ? left.type()
                : right.type() != ValueType.JSON ? right.type() : ValueType.TEXT;
        return new Comparison(
                same(left, type, compare.left(), right, compare.right()),
                operator,
                same(right, type, compare.right(), left, compare.left()));
    }

    private static void refuseTime(Typed value, Syntax syntax) {
        if (value.type() == ValueType.TIME) {
            throw mismatch(
                    syntax,
                    value,
                    "the timestamp can't be compared",
                    "the report's range selects time; " + "use hour_of_day(timestamp) or day_of_week(timestamp)");
        }
    }

    /** {@code value} as {@code type}, the type of {@code other}. */
    private static RowExpression same(Typed value, ValueType type, Syntax syntax, Typed other, Syntax otherSyntax) {
        if (value.type() == type) {
            return value.expression();
        }
        if (value.type() == ValueType.JSON) {
            return convert(value.expression(), type);
        }
        throw new ExpressionException(
                Code.TYPE_MISMATCH,
                syntax.position(),
                "can't compare " + describe(otherSyntax, other) + " with " + describe(syntax, value),
                "convert one side with text(...) or number(...)");
    }

    private Condition inList(Syntax.In in, Place place) {
        List<RowExpression.Literal> values = new ArrayList<>();
        ValueType type = null;
        for (Syntax syntax : in.values()) {
            RowExpression.Literal literal = switch (syntax) {
                case Syntax.Str s -> new RowExpression.TextLiteral(s.value());
                case Syntax.Num n -> new NumberLiteral(n.value());
                case Syntax.Bool b -> new RowExpression.BooleanLiteral(b.value());
                default ->
                    throw new ExpressionException(
                            Code.MISPLACED,
                            syntax.position(),
                            "'in' takes written-out " + "values",
                            "write e.g. x in ('pro', 'team') or x in (1, 2)");
            };
            ValueType literalType = switch (literal) {
                case RowExpression.TextLiteral t -> ValueType.TEXT;
                case NumberLiteral n -> ValueType.NUMBER;
                case RowExpression.BooleanLiteral b -> ValueType.BOOLEAN;
            };
            if (type == null) {
                type = literalType;
            } else if (type != literalType) {
                throw new ExpressionException(
                        Code.TYPE_MISMATCH,
                        syntax.position(),
                        "the values of 'in' must have " + "one type, but this is " + literalType.describe() + " after "
                                + type.describe(),
                        "quote numbers to compare text: x in ('1', '2')");
            }
            values.add(literal);
        }
        Typed operand = value(in.operand(), place);
        ValueType listType = type == null ? ValueType.TEXT : type;
        RowExpression converted;
        if (operand.type() == listType) {
            converted = operand.expression();
        } else if (operand.type() == ValueType.JSON) {
            converted = convert(operand.expression(), listType);
        } else {
            throw new ExpressionException(
                    Code.TYPE_MISMATCH,
                    in.operand().position(),
                    "can't look for " + listType.describe() + " in " + describe(in.operand(), operand),
                    "convert with text(...) or number(...), or write values of its type");
        }
        return new Condition.InList(converted, values, in.negated());
    }

    // ---- messages

    private static ExpressionException aggregateIn(Syntax.Call call, Place place) {
        String name = call.name().toLowerCase(Locale.ROOT) + "()";
        return switch (place) {
            case ARGUMENT ->
                new ExpressionException(
                        Code.MISPLACED,
                        call.position(),
                        "aggregates can't be nested: " + name + " inside another aggregate",
                        "aggregate values of single events, e.g. sum(revenue)");
            case WHERE ->
                new ExpressionException(
                        Code.MISPLACED,
                        call.position(),
                        name + " can't be used in a " + "where clause",
                        "a where clause runs to the end of the expression or the closing parenthesis; "
                                + "put a filtered aggregate in parentheses: (count() where type = 'purchase') / count()");
            case DIMENSION, CONDITION ->
                new ExpressionException(
                        Code.MISPLACED,
                        call.position(),
                        name + " can't be used here",
                        "dimensions and filters work on single events; aggregates belong in " + "metrics");
        };
    }

    private static ExpressionException unknownFunction(Syntax.Call call) {
        List<String> names = Stream.concat(
                        Arrays.stream(AggregateFunction.values()).map(AggregateFunction::functionName),
                        Arrays.stream(RowFunction.values()).map(RowFunction::functionName))
                .toList();
        return new ExpressionException(
                Code.UNKNOWN_FUNCTION,
                call.position(),
                "unknown function '" + Messages.excerpt(call.name()) + "'",
                Messages.didYouMean(call.name(), names, "functions are " + String.join(", ", names)));
    }

    private static ExpressionException mismatch(Syntax syntax, Typed value, String what, String hint) {
        return new ExpressionException(
                Code.TYPE_MISMATCH, syntax.position(), what + ", got " + describe(syntax, value), hint);
    }

    /** "text 'country'", "a number from hour_of_day()", "text literal 'x'". */
    private static String describe(Syntax syntax, Typed value) {
        return switch (syntax) {
            case Syntax.Name n when value.type() == ValueType.TIME -> "the timestamp";
            case Syntax.Name n -> value.type().describe() + " '" + Messages.excerpt(n.name()) + "'";
            case Syntax.Str s -> "text '" + Messages.excerpt(s.value()) + "'";
            case Syntax.Num n -> "the number " + NumberText.of(n.value());
            case Syntax.Call c -> value.type().describe() + " from " + c.name().toLowerCase(Locale.ROOT) + "()";
            case Syntax.Prop p -> "property 'properties." + Messages.excerpt(p.key()) + "'";
            default -> value.type().describe();
        };
    }
}
