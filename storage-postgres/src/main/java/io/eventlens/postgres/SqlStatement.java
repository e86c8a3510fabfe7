package io.eventlens.postgres;

import java.util.List;

/** SQL text built only from constants, and the values bound to its {@code $n} placeholders in order. */
public record SqlStatement(String sql, List<Object> bindings) implements RowWrite {

    public SqlStatement {
        bindings = List.copyOf(bindings);
    }
}
