package io.eventlens.core.seed;

import java.util.SplittableRandom;

/** A fixed set of values drawn with fixed relative weights: real traffic is skewed, not uniform. */
final class Weighted<T> {

    private final T[] values;
    private final double[] cumulative;

    @SafeVarargs
    static <T> Weighted<T> of(Choice<T>... choices) {
        return new Weighted<>(choices);
    }

    static <T> Choice<T> choice(T value, double weight) {
        return new Choice<>(value, weight);
    }

    @SuppressWarnings("unchecked")
    private Weighted(Choice<T>[] choices) {
        values = (T[]) new Object[choices.length];
        cumulative = new double[choices.length];
        double sum = 0;
        for (int i = 0; i < choices.length; i++) {
            sum += choices[i].weight();
            values[i] = choices[i].value();
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    T draw(SplittableRandom random) {
        double point = random.nextDouble();
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (point < cumulative[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** One value and its relative weight. */
    record Choice<T>(T value, double weight) {}
}
