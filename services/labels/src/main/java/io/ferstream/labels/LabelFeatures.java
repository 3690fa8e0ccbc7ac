package io.ferstream.labels;

import java.util.Locale;

import io.ferstream.embedder.embedding.HogEmbedder;

/**
 * What the label model sees of a 48×48 face: HOG (the outlier step's 900 values: edges and shape),
 * optionally with the face itself at 16×16 (area averages: where it is light and dark).
 */
public enum LabelFeatures {
    HOG, HOG_PIXELS;

    static final int POOLED_SIDE = 16;

    /** The features of every image (48×48 GRAY8), in order. */
    float[][] of(java.util.List<byte[]> faces) {
        float[][] features = new float[faces.size()][];
        try (HogEmbedder hog = new HogEmbedder()) {
            for (int i = 0; i < faces.size(); i++) {
                float[] h = hog.embed(HogEmbedder.SIDE, HogEmbedder.SIDE, faces.get(i));
                features[i] = this == HOG ? h : concat(h, pooled(faces.get(i)));
            }
        }
        return features;
    }

    static float[] pooled(byte[] face) {
        int cell = HogEmbedder.SIDE / POOLED_SIDE;
        float[] out = new float[POOLED_SIDE * POOLED_SIDE];
        for (int y = 0; y < HogEmbedder.SIDE; y++) {
            for (int x = 0; x < HogEmbedder.SIDE; x++) {
                out[(y / cell) * POOLED_SIDE + x / cell] += (face[y * HogEmbedder.SIDE + x] & 0xFF) / (float) (cell * cell);
            }
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '+');
    }
}
