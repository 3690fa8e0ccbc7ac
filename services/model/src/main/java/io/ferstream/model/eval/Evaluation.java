package io.ferstream.model.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.ferstream.model.FerClasses;
import io.ferstream.model.Preprocessing;
import io.ferstream.model.SplitMetrics;
import io.ferstream.model.onnx.Classifier;
import io.ferstream.vision.GrayImage;

/**
 * Accuracy of a classifier on one split: plain; with test-time augmentation by the mirror image
 * ({@link TtaView#FLIP}: the mean of the two softmax outputs); and with the mirror and one-pixel
 * diagonal shifts ({@link TtaView#FLIP_AND_SHIFTS}, 10 views).
 */
public record Evaluation(int images, Metrics plain, Metrics tta, Metrics ttaShifts) {

    private static final int BATCH = 256;
    private static final String TTA = "mean of softmax(original) and softmax(horizontal flip)";
    private static final String TTA_SHIFTS = "mean of softmax over original and flip, each also shifted 1 px along the 4 diagonals (10 views)";

    /**
     * Runs {@code classifier} over raw square grey images ({@code pixels[i]}, labels in FER order):
     * the classifier's contract is applied (resize, CLAHE), then each view, then its scaling.
     */
    public static Evaluation of(Classifier classifier, byte[][] pixels, int side, int[] labels) {
        Preprocessing contract = classifier.contract();
        List<GrayImage> raw = new ArrayList<>(pixels.length);
        for (byte[] p : pixels) {
            raw.add(GrayImage.of(side, side, p));
        }
        byte[][] eq = contract.toInputGray(raw);
        int classes = FerClasses.NAMES.size();
        List<TtaView> views = TtaView.FLIP_AND_SHIFTS;
        int mirror = views.indexOf(TtaView.FLIP.get(1));
        int[] plain = new int[pixels.length];
        int[] tta = new int[pixels.length];
        int[] ttaShifts = new int[pixels.length];
        for (int from = 0; from < pixels.length; from += BATCH) {
            int to = Math.min(pixels.length, from + BATCH);
            float[][][] scores = new float[views.size()][][];
            for (int v = 0; v < views.size(); v++) {
                TtaView view = views.get(v);
                List<byte[]> seen = Arrays.stream(eq, from, to).map(p -> view.of(p, contract.width())).toList();
                scores[v] = classifier.predict(contract.tensor(seen), to - from);
            }
            for (int i = 0; i < to - from; i++) {
                if (scores[0][i].length != classes) {
                    throw new IllegalArgumentException("the model gives " + scores[0][i].length + " scores, expected " + classes);
                }
                float[] all = new float[classes];
                for (float[][] s : scores) {
                    for (int c = 0; c < classes; c++) {
                        all[c] += s[i][c];
                    }
                }
                plain[from + i] = argMax(scores[0][i], null);
                tta[from + i] = argMax(scores[0][i], scores[mirror][i]);
                ttaShifts[from + i] = argMax(all, null);
            }
        }
        return new Evaluation(pixels.length, Metrics.of(labels, plain, classes), Metrics.of(labels, tta, classes),
                Metrics.of(labels, ttaShifts, classes));
    }

    public double accuracy() {
        return plain.accuracy();
    }

    public double accuracyTta() {
        return tta.accuracy();
    }

    public double accuracyTtaShifts() {
        return ttaShifts.accuracy();
    }

    /** The figures as a card stores them (plain per-class and confusion, then each TTA variant's), rounded to 6 places. */
    public SplitMetrics toMetrics() {
        return new SplitMetrics(null, null, images, round(accuracy()), round(accuracyTta()), round(accuracyTtaShifts()), TTA, TTA_SHIFTS,
                null, null, perClass(plain), plain.confusion(), new SplitMetrics.Variant(perClass(tta), tta.confusion()),
                new SplitMetrics.Variant(perClass(ttaShifts), ttaShifts.confusion()), null);
    }

    /** This evaluation's accuracies as one ensemble member's line. */
    public SplitMetrics.MemberAccuracy asMember(String folder) {
        return new SplitMetrics.MemberAccuracy(folder, round(accuracy()), round(accuracyTta()), round(accuracyTtaShifts()));
    }

    /** A plain-text table: accuracy, then precision / recall / F1 / support per class. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("images %d  accuracy %.4f  with TTA (flip) %.4f  with TTA (flip and shifts, 10 views) %.4f%n",
                images, accuracy(), accuracyTta(), accuracyTtaShifts()));
        b.append(String.format("%-9s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        List<String> names = FerClasses.NAMES;
        for (int c = 0; c < names.size(); c++) {
            b.append(String.format("%-9s %9.4f %9.4f %9.4f %8d%n", names.get(c), plain.precision(c), plain.recall(c),
                    plain.f1(c), plain.support(c)));
        }
        b.append("confusion (rows: true, columns: predicted, order as above)\n");
        for (int[] row : plain.confusion()) {
            for (int v : row) {
                b.append(String.format("%6d", v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static List<SplitMetrics.ClassMetrics> perClass(Metrics m) {
        List<SplitMetrics.ClassMetrics> out = new ArrayList<>();
        for (int c = 0; c < FerClasses.NAMES.size(); c++) {
            out.add(new SplitMetrics.ClassMetrics(FerClasses.NAMES.get(c), round(m.precision(c)), round(m.recall(c)), round(m.f1(c)),
                    m.support(c)));
        }
        return out;
    }

    /** Figures as cards store them: 6 decimal places. */
    public static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static int argMax(float[] a, float[] b) {
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            float v = b == null ? a[i] : a[i] + b[i];
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }
}
