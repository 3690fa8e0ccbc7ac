package io.ferstream.embedder.duplicates;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * Whether the duplicate check runs, and the largest Hamming distance between two perceptual hashes
 * that still counts as the same picture.
 *
 * <p>The default, 4 of 63 bits, was measured on all of FER2013: it finds every one of the 132 rows
 * the dataset's provenance flags as duplicates with conflicting labels (distance 2 finds 98.5 %,
 * 0 finds 93.9 %), and every pair in a sample of pairs at distance 4 is the same photograph; at 6
 * different people start to pair up, at 8 they are common (README, What the cleaning does).
 */
public record DuplicateRule(boolean enabled, int maxDistance) {

    /** The largest distance accepted: beyond it the search degenerates and unrelated faces match. */
    public static final int MAX_DISTANCE_LIMIT = 16;
    public static final int DEFAULT_MAX_DISTANCE = 4;
    public static final DuplicateRule DEFAULT = new DuplicateRule(true, DEFAULT_MAX_DISTANCE);
    public static final DuplicateRule OFF = new DuplicateRule(false, DEFAULT_MAX_DISTANCE);

    public DuplicateRule {
        if (maxDistance < 0 || maxDistance > MAX_DISTANCE_LIMIT) {
            throw new InvalidConfigException("duplicate-distance", maxDistance,
                    "must be between 0 (exact perceptual match) and " + MAX_DISTANCE_LIMIT + " bits of " + PerceptualHash.BITS);
        }
    }
}
