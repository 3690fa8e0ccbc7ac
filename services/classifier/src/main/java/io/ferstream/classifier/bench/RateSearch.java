package io.ferstream.classifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Finds the highest rate a system sustains, trying as few rates as it can: doubling from {@code start}
 * until a rate fails (or {@code max} passes), then halving the interval between the last pass and the
 * first failure until it is at most {@code resolution} wide. Assumes that a rate above a failing one
 * fails too. Pure apart from the trial it is given.
 */
public final class RateSearch {

    /** One rate tried and whether it was sustained. */
    public record Step(int rate, boolean sustained) {
    }

    /** The highest sustained rate (0 when not even the lowest tried was) and every step, in order. */
    public record Result(int sustained, List<Step> steps) {
    }

    private RateSearch() {
    }

    public static Result find(int start, int max, int resolution, IntPredicate sustains) {
        if (start < 1 || max < start || resolution < 1) {
            throw new IllegalArgumentException("need 1 <= start <= max and resolution >= 1; got " + start + ", " + max + ", " + resolution);
        }
        List<Step> steps = new ArrayList<>();
        int passed = 0;
        int failed = -1;
        for (int rate = start; failed < 0; rate = Math.min(rate * 2, max)) {
            boolean ok = sustains.test(rate);
            steps.add(new Step(rate, ok));
            if (!ok) {
                failed = rate;
            } else {
                passed = rate;
                if (rate == max) {
                    return new Result(passed, List.copyOf(steps));
                }
            }
        }
        while (failed - passed > resolution) {
            int mid = (passed + failed) / 2;
            boolean ok = sustains.test(mid);
            steps.add(new Step(mid, ok));
            if (ok) {
                passed = mid;
            } else {
                failed = mid;
            }
        }
        return new Result(passed, List.copyOf(steps));
    }
}
