package io.ferstream.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Out-of-fold probabilities: the rows are dealt into {@code k} stratified folds; each fold is
 * predicted by a model trained on the other folds, so no row's probability comes from a model that
 * saw its label. Confident learning needs exactly that.
 */
public final class OutOfFold {

    private OutOfFold() {
    }

    /** Each row's fold: per class, the rows in a seeded random order dealt round-robin, so every fold has each class's share. */
    public static int[] folds(int[] labels, int classes, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 folds: " + k);
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        int[] fold = new int[labels.length];
        int dealt = 0;
        for (List<Integer> rows : byClass) {
            java.util.Collections.shuffle(rows, random);
            for (int row : rows) {
                fold[row] = dealt++ % k;
            }
        }
        return fold;
    }

    /** The out-of-fold probabilities of every row ({@code progress} hears one line per fold). */
    public static double[][] probabilities(float[][] features, int[] labels, int classes, int k,
                                           SoftmaxRegression.Settings settings, Consumer<String> progress) {
        int[] fold = folds(labels, classes, k, settings.seed());
        double[][] probabilities = new double[labels.length][];
        for (int f = 0; f < k; f++) {
            long started = System.nanoTime();
            int held = 0;
            for (int value : fold) {
                held += value == f ? 1 : 0;
            }
            int[] train = new int[labels.length - held];
            int[] test = new int[held];
            int a = 0;
            int b = 0;
            for (int i = 0; i < labels.length; i++) {
                if (fold[i] == f) {
                    test[b++] = i;
                } else {
                    train[a++] = i;
                }
            }
            SoftmaxRegression model = SoftmaxRegression.train(features, labels, train, classes, settings);
            int correct = 0;
            for (int i : test) {
                probabilities[i] = model.predict(features[i]);
                correct += argmax(probabilities[i]) == labels[i] ? 1 : 0;
            }
            progress.accept(String.format(java.util.Locale.ROOT, "fold %d/%d: trained on %,d, predicted %,d (accuracy %.1f %%) in %.1f s",
                    f + 1, k, train.length, test.length, 100.0 * correct / test.length, (System.nanoTime() - started) / 1e9));
        }
        return probabilities;
    }

    public static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }
}
