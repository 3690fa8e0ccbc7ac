package io.ferstream.classifier.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies (nearest rank: the smallest value with at least p % of the values
 * at or below it, so p99 of 100 values is the 99th smallest, never an interpolation). Pure.
 */
public record LatencySummary(int count, double p50, double p95, double p99, double max) {

    /** The summary of the first {@code count} values of {@code millis} (which is not changed). */
    public static LatencySummary of(double[] millis, int count) {
        if (count == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = Arrays.copyOf(millis, count);
        Arrays.sort(sorted);
        return new LatencySummary(count, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[count - 1]);
    }

    private static double rank(double[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
