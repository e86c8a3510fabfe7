package io.eventlens.core.seed;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Who visits: user {@code r} (from 0) is drawn with weight {@code (r + 1)^-s}, a Zipf law whose exponent {@code s}
 * is chosen for the number of users so that the most active fifth of them bring four fifths of the visits (the
 * 80/20 rule), with a long tail of rare visitors.
 */
final class Audience {

    private static final double TOP_SHARE = 0.8;

    private final double[] cumulative;

    Audience(int users) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be positive: " + users);
        }
        cumulative = new double[users];
        double exponent = exponent(users);
        double sum = 0;
        for (int r = 0; r < users; r++) {
            sum += Math.pow(r + 1, -exponent);
            cumulative[r] = sum;
        }
        for (int r = 0; r < users; r++) {
            cumulative[r] /= sum;
        }
    }

    /** The exponent whose top fifth of {@code users} holds {@link #TOP_SHARE} of the weight, by bisection. */
    static double exponent(int users) {
        int top = Math.max(1, users / 5);
        double low = 0;
        double high = 4;
        for (int i = 0; i < 60; i++) {
            double middle = (low + high) / 2;
            if (harmonic(top, middle) / harmonic(users, middle) < TOP_SHARE) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /**
     * {@code sum 1..n of r^-s}: exact for the first terms, Euler-Maclaurin for the rest, so a million users cost
     * no more than a thousand.
     */
    private static double harmonic(int n, double s) {
        int exact = Math.min(n, 1_000);
        double sum = 0;
        for (int r = 1; r <= exact; r++) {
            sum += Math.pow(r, -s);
        }
        if (n > exact) {
            double a = exact;
            double b = n;
            double integral =
                    Math.abs(s - 1) < 1e-9 ? Math.log(b / a) : (Math.pow(b, 1 - s) - Math.pow(a, 1 - s)) / (1 - s);
            sum += integral + (Math.pow(b, -s) - Math.pow(a, -s)) / 2;
        }
        return sum;
    }

    int size() {
        return cumulative.length;
    }

    /** The number of the next visitor, from 0. */
    int draw(SplittableRandom random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(index >= 0 ? index + 1 : -index - 1, cumulative.length - 1);
    }
}
