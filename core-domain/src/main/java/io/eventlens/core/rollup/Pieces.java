package io.eventlens.core.rollup;

import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The plan's pieces in time order; a piece continuing the previous one from the same source extends it. */
final class Pieces {

    private record Piece(@Nullable Rollup rollup, Instant from, Instant to) {}

    private final List<Piece> pieces = new ArrayList<>();

    void raw(Instant from, Instant to) {
        add(new Piece(null, from, to));
    }

    void rollup(Rollup rollup, Instant from, Instant to) {
        add(new Piece(rollup, from, to));
    }

    int size() {
        return pieces.size();
    }

    private void add(Piece piece) {
        if (!pieces.isEmpty()) {
            Piece last = pieces.getLast();
            if (last.to().equals(piece.from()) && java.util.Objects.equals(last.rollup(), piece.rollup())) {
                pieces.set(pieces.size() - 1, new Piece(last.rollup(), last.from(), piece.to()));
                return;
            }
        }
        pieces.add(piece);
    }

    ReportPlan plan() {
        List<RollupSegment> segments = new ArrayList<>();
        List<TimeRange> raw = new ArrayList<>();
        for (Piece piece : pieces) {
            TimeRange range = new TimeRange(piece.from(), piece.to());
            if (piece.rollup() == null) {
                raw.add(range);
            } else {
                segments.add(new RollupSegment(piece.rollup(), range));
            }
        }
        return new ReportPlan(segments, raw);
    }
}
