package io.eventlens.core.expression;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The untyped tree of one expression text, with positions for messages. One grammar serves metrics, values and
 * conditions, so parentheses never have to be guessed; {@link Binder} then checks what belongs where.
 */
sealed interface Syntax {

    /** 1-based index of the node's first (or operator) token. */
    int position();

    record Num(int position, double value) implements Syntax {}

    record Str(int position, String value) implements Syntax {}

    record Bool(int position, boolean value) implements Syntax {}

    record Name(int position, String name) implements Syntax {}

    record Prop(int position, String key) implements Syntax {}

    /** {@code name(arguments) [where filter]}; {@code name} as written. */
    record Call(
            int position,
            String name,
            List<Syntax> arguments,
            @Nullable Syntax filter) implements Syntax {}

    record Minus(int position, Syntax operand) implements Syntax {}

    record Arith(int position, ArithmeticOperator operator, Syntax left, Syntax right) implements Syntax {}

    record Compare(int position, ComparisonOperator operator, Syntax left, Syntax right) implements Syntax {}

    record In(int position, Syntax operand, List<Syntax> values, boolean negated) implements Syntax {}

    record IsNull(int position, Syntax operand, boolean negated) implements Syntax {}

    record Contains(int position, Syntax text, Syntax part) implements Syntax {}

    /** {@code and} when {@code and} is true, else {@code or}. */
    record Logic(int position, boolean and, Syntax left, Syntax right) implements Syntax {}

    record Not(int position, Syntax operand) implements Syntax {}
}
