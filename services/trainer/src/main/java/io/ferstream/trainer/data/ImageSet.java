package io.ferstream.trainer.data;

import java.util.Arrays;

/**
 * Labelled 48×48 grey images of one split: {@code pixels[i]} holds 2,304 bytes (row-major) and
 * {@code labels[i]} the FER2013 class 0..6.
 */
public record ImageSet(byte[][] pixels, int[] labels) {

    public static final int SIDE = 48;
    public static final int AREA = SIDE * SIDE;

    public ImageSet {
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException(pixels.length + " images but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code n} images (all if there are fewer). */
    public ImageSet limit(int n) {
        if (n >= size()) {
            return this;
        }
        return new ImageSet(Arrays.copyOf(pixels, n), Arrays.copyOf(labels, n));
    }

    /** Images per class. */
    public int[] counts() {
        int[] c = new int[Fer2013Csv.CLASSES.size()];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }
}
