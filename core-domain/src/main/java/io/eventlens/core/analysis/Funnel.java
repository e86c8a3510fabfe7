package io.eventlens.core.analysis;

import io.eventlens.core.query.QueryMeta;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A funnel's answer, with the semantics of {@link FunnelQuery}.
 *
 * @param steps every user, step by step
 * @param breakdown the groups of the breakdown dimension, largest first; empty without a breakdown
 */
public record Funnel(List<FunnelStep> steps, List<Group> breakdown, QueryMeta meta) {

    public Funnel {
        steps = List.copyOf(steps);
        breakdown = List.copyOf(breakdown);
        Objects.requireNonNull(meta, "meta");
    }

    public Funnel withMeta(QueryMeta value) {
        return new Funnel(steps, breakdown, value);
    }

    /** The users whose anchor event had one value of the breakdown dimension (null: the event had none). */
    public record Group(@Nullable String value, List<FunnelStep> steps) {

        public Group {
            steps = List.copyOf(steps);
        }
    }
}
