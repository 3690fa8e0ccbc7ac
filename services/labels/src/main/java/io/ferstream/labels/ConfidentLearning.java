package io.ferstream.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty in
 * Dataset Labels", JAIR 70, 2021), on out-of-sample predicted probabilities.
 *
 * <ul>
 *   <li>Per-class threshold {@code t_j}: the mean predicted probability of class {@code j} over the
 *       images labelled {@code j} (the class's mean self-confidence).</li>
 *   <li>Each image's confident class {@code y*}: among the classes whose probability reaches their
 *       threshold, the most probable; none when no class does.</li>
 *   <li>Confident joint {@code C[given][y*]}: counts of images by given label and confident class.
 *       Its off-diagonal images are the label issues (the paper's {@code C_confusion} rule, cleanlab's
 *       {@code filter_by="confident_learning"}), with {@code y*} as the suggested label.</li>
 *   <li>Issues ranked by self-confidence {@code p(given)}, lowest first (cleanlab's default ranking);
 *       the normalised margin {@code p(given) - max other p} is given too.</li>
 *   <li>The joint calibrated so each row sums to its class's count, then normalised: its off-diagonal
 *       mass estimates the share of wrong labels.</li>
 * </ul>
 * Pure: no model, no I/O. Thresholds may come from another set ({@link #find(int[], double[][], double[])}),
 * so held-out images are judged against TRAIN's thresholds.
 */
public final class ConfidentLearning {

    /** One image whose given label disagrees with its confident class. */
    public record Issue(int index, int given, int suggested, double selfConfidence, double normalizedMargin) {
    }

    /** Thresholds, confident joint (rows: given label, columns: confident class), ranked issues, estimated noise. */
    public record Result(double[] thresholds, long[][] confidentJoint, List<Issue> issues, double estimatedNoiseRate) {
    }

    private ConfidentLearning() {
    }

    /** Each class's mean self-confidence over the images labelled with it (NaN for a class without images). */
    public static double[] thresholds(int[] labels, double[][] probabilities) {
        requireRows(labels, probabilities);
        int classes = probabilities[0].length;
        double[] sum = new double[classes];
        long[] count = new long[classes];
        for (int i = 0; i < labels.length; i++) {
            sum[labels[i]] += probabilities[i][labels[i]];
            count[labels[i]]++;
        }
        double[] thresholds = new double[classes];
        for (int j = 0; j < classes; j++) {
            thresholds[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j];
        }
        return thresholds;
    }

    /** Confident learning with the set's own thresholds. */
    public static Result find(int[] labels, double[][] probabilities) {
        return find(labels, probabilities, thresholds(labels, probabilities));
    }

    /** Confident learning against given thresholds (a class with a NaN threshold is never confident). */
    public static Result find(int[] labels, double[][] probabilities, double[] thresholds) {
        requireRows(labels, probabilities);
        int classes = thresholds.length;
        long[][] joint = new long[classes][classes];
        long[] givenCount = new long[classes];
        List<Issue> issues = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            double[] p = probabilities[i];
            int given = labels[i];
            givenCount[given]++;
            int confident = confidentClass(p, thresholds);
            if (confident < 0) {
                continue;
            }
            joint[given][confident]++;
            if (confident != given) {
                issues.add(new Issue(i, given, confident, p[given], normalizedMargin(p, given)));
            }
        }
        issues.sort(Comparator.comparingDouble(Issue::selfConfidence).thenComparingInt(Issue::index));
        return new Result(thresholds, joint, List.copyOf(issues), noiseRate(joint, givenCount));
    }

    private static void requireRows(int[] labels, double[][] probabilities) {
        if (labels.length != probabilities.length || labels.length == 0) {
            throw new IllegalArgumentException("need one probability row per label, and at least one: " + labels.length
                    + " labels, " + probabilities.length + " rows");
        }
    }

    /** The probability of the given label minus the highest other: negative when another class is preferred. */
    public static double normalizedMargin(double[] p, int given) {
        double otherMax = 0;
        for (int j = 0; j < p.length; j++) {
            if (j != given) {
                otherMax = Math.max(otherMax, p[j]);
            }
        }
        return p[given] - otherMax;
    }

    /** The most probable class among those at or above their threshold; -1 when none is. */
    static int confidentClass(double[] p, double[] thresholds) {
        int best = -1;
        for (int j = 0; j < thresholds.length; j++) {
            if (!Double.isNaN(thresholds[j]) && p[j] >= thresholds[j] && (best < 0 || p[j] > p[best])) {
                best = j;
            }
        }
        return best;
    }

    /** Off-diagonal mass of the joint after calibrating each row to its class's count. */
    private static double noiseRate(long[][] joint, long[] givenCount) {
        double total = 0;
        double offDiagonal = 0;
        for (int i = 0; i < joint.length; i++) {
            long row = 0;
            for (long c : joint[i]) {
                row += c;
            }
            if (row == 0) {
                continue;
            }
            for (int j = 0; j < joint.length; j++) {
                double calibrated = (double) joint[i][j] / row * givenCount[i];
                total += calibrated;
                if (i != j) {
                    offDiagonal += calibrated;
                }
            }
        }
        return total == 0 ? 0 : offDiagonal / total;
    }
}
