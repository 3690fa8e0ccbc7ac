package io.ferstream.embedder;

import io.ferstream.embedder.duplicates.DuplicateRule;
import picocli.CommandLine.Option;

/** The decide step's duplicate and label-check flags, shared by {@code fer embed} and {@code fer run}. */
public final class DecideOptions {

    @Option(names = "--duplicates", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Find exact and near duplicates in each run: a TRAIN image that is also a VALIDATION or TEST image "
                    + "(leakage) is removed, as are extra copies and copies whose labels disagree (label conflicts). "
                    + "--no-duplicates turns the check off. Default: on.")
    boolean duplicates;

    @Option(names = "--duplicate-distance", paramLabel = "BITS", defaultValue = "" + DuplicateRule.DEFAULT_MAX_DISTANCE,
            description = "Largest Hamming distance of two 63-bit perceptual hashes that is still the same picture. "
                    + "Default: ${DEFAULT-VALUE} (finds all 132 duplicates FER2013's provenance flags; 6 and more pair strangers).")
    int duplicateDistance;

    @Option(names = "--label-issues-remove-top", paramLabel = "N", defaultValue = "0",
            description = "Remove the TRAIN images among the N most likely wrong labels of fer label-issues' verdicts; every "
                    + "issue is flagged either way. Default: ${DEFAULT-VALUE} (flag only).")
    int labelIssuesRemoveTop;

    public DuplicateRule duplicateRule() {
        return new DuplicateRule(duplicates, duplicateDistance);
    }

    public LabelRule labelRule() {
        return new LabelRule(labelIssuesRemoveTop);
    }
}
