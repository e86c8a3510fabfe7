package io.eventlens.core.analysis;

import io.eventlens.core.query.QueryMeta;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rows an engine's funnel statements answer (users per step and medians between steps, for all users or for one
 * breakdown value) and the {@link Funnel} they make. Every engine assembles the same way; each keeps only its SQL and
 * its row reading.
 */
public final class FunnelCounts {

    /**
     * The counts of all users or of one breakdown value, as one result row holds them.
     *
     * @param value the breakdown value (null: the anchor event had none; unused for all users)
     * @param users users who reached each step
     * @param medians median seconds from the step before to each step; null at index 0 and where no user converted
     */
    public record Row(
            @Nullable String value, long[] users, @Nullable Double[] medians) {}

    private FunnelCounts() {}

    /**
     * The funnel of {@code overall} (zeros over no users when the engine answered no such row) and of the
     * {@code groups} that have users, in the order given (the statement's: largest first).
     */
    public static Funnel assemble(FunnelQuery query, @Nullable Row overall, List<Row> groups, QueryMeta meta) {
        int steps = query.steps().size();
        Row all = overall != null ? overall : new Row(null, new long[steps], new @Nullable Double[steps]);
        List<Funnel.Group> breakdown = new ArrayList<>();
        if (query.breakdown() != null) {
            for (Row group : groups) {
                if (group.users()[0] > 0) {
                    breakdown.add(new Funnel.Group(
                            group.value(), FunnelStep.of(query.steps(), group.users(), group.medians())));
                }
            }
        }
        return new Funnel(FunnelStep.of(query.steps(), all.users(), all.medians()), breakdown, meta);
    }
}
