package io.ferstream.trainer.training;

import java.util.Random;

import io.ferstream.trainer.data.ImageSet;

/**
 * One epoch's training batches, in order: the set shuffled, and each image scaled to [0, 1] and
 * augmented, with one {@link Random} seeded from (seed, epoch), so a run and a resumed run see the
 * same batches. The batches share that generator, so they are only made in order ({@link #next}).
 */
final class EpochBatches {

    /** A batch: pixels (N·48·48), labels and the labels' class weights. */
    record Batch(float[] x, long[] y, float[] w) {

        int size() {
            return y.length;
        }
    }

    private final ImageSet train;
    private final float[] classWeights;
    private final int batchSize;
    private final Augmenter augmenter;
    private final Random rnd;
    private final int[] order;
    private int from;

    /** @param augmenter null for no augmentation */
    EpochBatches(ImageSet train, float[] classWeights, int batchSize, Augmenter augmenter, long seed, int epoch) {
        this.train = train;
        this.classWeights = classWeights;
        this.batchSize = batchSize;
        this.augmenter = augmenter;
        this.rnd = new Random(seed * 1_000_003L + epoch);
        this.order = shuffled(train.size(), rnd);
    }

    int count() {
        return (train.size() + batchSize - 1) / batchSize;
    }

    Batch next() {
        int n = Math.min(batchSize, train.size() - from);
        float[] x = new float[n * ImageSet.AREA];
        long[] y = new long[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int idx = order[from + i];
            byte[] p = train.pixels()[idx];
            int o = i * ImageSet.AREA;
            for (int k = 0; k < ImageSet.AREA; k++) {
                x[o + k] = (p[k] & 0xFF) / 255f;
            }
            if (augmenter != null) {
                augmenter.apply(x, o, rnd);
            }
            y[i] = train.labels()[idx];
            w[i] = classWeights[train.labels()[idx]];
        }
        from += n;
        return new Batch(x, y, w);
    }

    private static int[] shuffled(int n, Random rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
