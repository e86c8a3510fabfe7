package io.eventlens.clickhouse;

import java.util.List;

/** SQL text built only from constants, and the values for its {@code {p0:String}, {p1:String}, ...} query parameters. */
record SqlStatement(String sql, List<String> bindings) {

    SqlStatement {
        bindings = List.copyOf(bindings);
    }
}
