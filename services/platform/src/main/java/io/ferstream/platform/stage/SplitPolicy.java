package io.ferstream.platform.stage;

import java.util.EnumSet;
import java.util.Set;

import io.ferstream.events.Split;

/**
 * Which splits a failing verdict removes. By default only TRAIN: VALIDATION and TEST images are
 * scored and flagged but always continue, so accuracy is measured on the untouched test split.
 */
public record SplitPolicy(Set<Split> enforced) {

    public SplitPolicy {
        enforced = enforced == null || enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
    }

    public static SplitPolicy trainOnly() {
        return new SplitPolicy(Set.of(Split.TRAIN));
    }

    public boolean removes(Split split) {
        return enforced.contains(split);
    }
}
