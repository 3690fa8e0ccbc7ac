package io.ferstream.embedder;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * What the label check does with {@code fer label-issues}' verdicts: every image with an issue is
 * flagged; the TRAIN images among the {@code removeTop} most likely wrong labels (rank ≤ removeTop)
 * are removed. The default, 0, removes nothing: the audit of today's label model (services/labels)
 * found it not precise enough to remove by.
 */
public record LabelRule(int removeTop) {

    public static final LabelRule FLAG_ONLY = new LabelRule(0);

    public LabelRule {
        if (removeTop < 0) {
            throw new InvalidConfigException("label-issues-remove-top", removeTop, "must be >= 0 (0 = flag only)");
        }
    }
}
