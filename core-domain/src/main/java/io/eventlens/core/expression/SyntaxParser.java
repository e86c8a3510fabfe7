package io.eventlens.core.expression;

import io.eventlens.core.expression.ExpressionException.Code;
import io.eventlens.core.expression.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the grammar below, counting nesting and nodes so hostile input ends in a clean
 * {@link ExpressionException} rather than a StackOverflowError.
 *
 * <pre>
 * expression := or
 * or         := and ('or' and)*
 * and        := not ('and' not)*
 * not        := 'not' not | predicate
 * predicate  := sum [ ('=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') sum
 *                   | ['not'] 'in' '(' sum (',' sum)* ')' | 'is' ['not'] 'null' | 'contains' sum ]
 * sum        := product (('+' | '-') product)*
 * product    := unary (('*' | '/') unary)*
 * unary      := '-' NUMBER | '-' unary | primary
 * primary    := NUMBER | STRING | 'true' | 'false' | PROPERTY | NAME
 *             | NAME '(' [expression (',' expression)*] ')' ['where' or] | '(' expression ')'
 * </pre>
 */
final class SyntaxParser {

    private final List<Token> tokens;
    private final ExpressionLimits limits;
    private int index;
    private int depth;
    private int nodes;

    private SyntaxParser(List<Token> tokens, ExpressionLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    /** The syntax tree of a whole text. */
    static Syntax parse(String text, ExpressionLimits limits) {
        if (text.length() > limits.maxLength()) {
            throw new ExpressionException(
                    Code.TOO_COMPLEX,
                    0,
                    "the expression has " + text.length() + " characters, more than the " + limits.maxLength()
                            + " allowed",
                    "split it into several metrics that refer to each other");
        }
        if (text.isBlank()) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    1,
                    "the expression is empty",
                    "write a formula such as count() or sum(revenue) / uniqueUsers");
        }
        SyntaxParser parser = new SyntaxParser(Lexer.tokens(text), limits);
        Syntax tree = parser.expression();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    rest.position(),
                    "unexpected " + rest.describe(),
                    rest.kind() == Kind.RIGHT_PAREN ? "there is no '(' to close" : "expected an operator or the end");
        }
        return tree;
    }

    private Syntax expression() {
        enter();
        try {
            return or();
        } finally {
            depth--;
        }
    }

    private void enter() {
        if (++depth > limits.maxDepth()) {
            throw new ExpressionException(
                    Code.TOO_COMPLEX,
                    peek().position(),
                    "the expression nests deeper than " + limits.maxDepth() + " levels",
                    "simplify it or split it into several metrics");
        }
    }

    private <T extends Syntax> T node(T node) {
        if (++nodes > limits.maxNodes()) {
            throw new ExpressionException(
                    Code.TOO_COMPLEX,
                    node.position(),
                    "the expression has more than " + limits.maxNodes() + " parts",
                    "simplify it, use 'in (...)' for lists of values, or split it " + "into several metrics");
        }
        return node;
    }

    private Syntax or() {
        Syntax left = and();
        while (peek().kind() == Kind.OR) {
            int position = take().position();
            left = node(new Syntax.Logic(position, false, left, and()));
        }
        return left;
    }

    private Syntax and() {
        Syntax left = not();
        while (peek().kind() == Kind.AND) {
            int position = take().position();
            left = node(new Syntax.Logic(position, true, left, not()));
        }
        return left;
    }

    private Syntax not() {
        if (peek().kind() != Kind.NOT) {
            return predicate();
        }
        int position = take().position();
        enter();
        try {
            return node(new Syntax.Not(position, not()));
        } finally {
            depth--;
        }
    }

    private Syntax predicate() {
        Syntax left = sum();
        Token next = peek();
        Syntax predicate = switch (next.kind()) {
            case EQ, NEQ, LT, LTE, GT, GTE -> {
                take();
                yield node(new Syntax.Compare(next.position(), comparison(next.kind()), left, sum()));
            }
            case NOT -> {
                take();
                expect(Kind.IN, "'in' after 'not' (x not in (...))");
                yield inList(next.position(), left, true);
            }
            case IN -> {
                take();
                yield inList(next.position(), left, false);
            }
            case IS -> {
                take();
                boolean negated = peek().kind() == Kind.NOT;
                if (negated) {
                    take();
                }
                expect(Kind.NULL, "'null' after 'is' (x is null, x is not null)");
                yield node(new Syntax.IsNull(next.position(), left, negated));
            }
            case CONTAINS -> {
                take();
                yield node(new Syntax.Contains(next.position(), left, sum()));
            }
            default -> left;
        };
        Token after = peek();
        if (predicate != left && isPredicateStart(after.kind())) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    after.position(),
                    "unexpected " + after.describe(),
                    "comparisons do not chain; combine them with 'and': a > 1 and a < 5");
        }
        return predicate;
    }

    private static boolean isPredicateStart(Kind kind) {
        return switch (kind) {
            case EQ, NEQ, LT, LTE, GT, GTE, IN, IS, CONTAINS -> true;
            default -> false;
        };
    }

    private static ComparisonOperator comparison(Kind kind) {
        return switch (kind) {
            case EQ -> ComparisonOperator.EQ;
            case NEQ -> ComparisonOperator.NEQ;
            case LT -> ComparisonOperator.LT;
            case LTE -> ComparisonOperator.LTE;
            case GT -> ComparisonOperator.GT;
            case GTE -> ComparisonOperator.GTE;
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private Syntax inList(int position, Syntax operand, boolean negated) {
        expect(Kind.LEFT_PAREN, "'(' to start the list of values: x in ('a', 'b')");
        List<Syntax> values = new ArrayList<>();
        if (peek().kind() == Kind.RIGHT_PAREN) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR, peek().position(), "'in' needs at least one value", "write x in ('a', 'b')");
        }
        do {
            if (values.size() == limits.maxInListValues()) {
                throw new ExpressionException(
                        Code.TOO_COMPLEX,
                        peek().position(),
                        "'in' takes at most " + limits.maxInListValues() + " values");
            }
            values.add(sum());
        } while (accept(Kind.COMMA));
        expect(Kind.RIGHT_PAREN, "')' or ',' in the list of values");
        return node(new Syntax.In(position, operand, values, negated));
    }

    private Syntax sum() {
        Syntax left = product();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            Token operator = take();
            ArithmeticOperator op = operator.kind() == Kind.PLUS ? ArithmeticOperator.ADD : ArithmeticOperator.SUBTRACT;
            left = node(new Syntax.Arith(operator.position(), op, left, product()));
        }
        return left;
    }

    private Syntax product() {
        Syntax left = unary();
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
            Token operator = take();
            ArithmeticOperator op =
                    operator.kind() == Kind.STAR ? ArithmeticOperator.MULTIPLY : ArithmeticOperator.DIVIDE;
            left = node(new Syntax.Arith(operator.position(), op, left, unary()));
        }
        return left;
    }

    private Syntax unary() {
        if (peek().kind() != Kind.MINUS) {
            return primary();
        }
        int position = take().position();
        if (peek().kind() == Kind.NUMBER) { // a negative literal, so that printed literals read back the same
            return node(new Syntax.Num(position, -take().number()));
        }
        enter();
        try {
            return node(new Syntax.Minus(position, unary()));
        } finally {
            depth--;
        }
    }

    private Syntax primary() {
        Token token = take();
        return switch (token.kind()) {
            case NUMBER -> node(new Syntax.Num(token.position(), token.number()));
            case STRING -> node(new Syntax.Str(token.position(), text(token)));
            case TRUE -> node(new Syntax.Bool(token.position(), true));
            case FALSE -> node(new Syntax.Bool(token.position(), false));
            case PROPERTY -> node(new Syntax.Prop(token.position(), text(token)));
            case NAME ->
                peek().kind() == Kind.LEFT_PAREN ? call(token) : node(new Syntax.Name(token.position(), text(token)));
            case LEFT_PAREN -> {
                Syntax inner = expression();
                expect(Kind.RIGHT_PAREN, "')' to close the '(' at " + token.position());
                yield inner;
            }
            case NULL ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        token.position(),
                        "null is not a value here",
                        "test for it with 'x is null' or 'x is not null', "
                                + "or replace it with coalesce(x, default)");
            case END ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        token.position(),
                        "the expression ends too early",
                        "a value or '(' is missing");
            default ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        token.position(),
                        "unexpected " + token.describe(),
                        "expected a value, a name, a function call or '('");
        };
    }

    private Syntax call(Token name) {
        take(); // (
        enter();
        try {
            List<Syntax> arguments = new ArrayList<>();
            if (!accept(Kind.RIGHT_PAREN)) {
                do {
                    arguments.add(expression());
                } while (accept(Kind.COMMA));
                expect(Kind.RIGHT_PAREN, "')' or ',' in the arguments of " + text(name) + "()");
            }
            return node(new Syntax.Call(name.position(), text(name), arguments, accept(Kind.WHERE) ? or() : null));
        } finally {
            depth--;
        }
    }

    private static String text(Token token) {
        String text = token.text();
        if (text == null) {
            throw new IllegalStateException("token without text: " + token);
        }
        return text;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token take() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            take();
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) {
        Token token = peek();
        if (token.kind() != kind) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR, token.position(), "expected " + what + " but found " + token.describe());
        }
        take();
    }
}
