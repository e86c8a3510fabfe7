package io.eventlens.core.query;

import io.eventlens.core.catalog.Dimension;
import java.util.List;
import java.util.Objects;

/** A resolved, validated filter; numeric operators carry values that parse as finite doubles. */
public record Filter(Dimension dimension, FilterOp op, List<String> values) {

    public Filter {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(op, "op");
        values = List.copyOf(values);
    }

    /** The single numeric operand of a GT/GTE/LT/LTE filter. */
    public double number() {
        return Double.parseDouble(values.getFirst());
    }
}
