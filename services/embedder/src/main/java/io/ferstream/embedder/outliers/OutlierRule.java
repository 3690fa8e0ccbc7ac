package io.ferstream.embedder.outliers;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * The original's outlier rule: per class, with at least {@code minGroupSize} images, an image is
 * kept iff its cosine distance to the class centroid is {@code < mean + k · std} (population std);
 * smaller classes are kept whole.
 */
public record OutlierRule(double k, int minGroupSize) {

    /** The original project's numbers. */
    public static final OutlierRule SEED = new OutlierRule(2.5, 10);

    public OutlierRule {
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new InvalidConfigException("outlier-k", k, "must be a finite number >= 0");
        }
        if (minGroupSize < 1) {
            throw new InvalidConfigException("min-group-size", minGroupSize, "must be >= 1");
        }
    }
}
