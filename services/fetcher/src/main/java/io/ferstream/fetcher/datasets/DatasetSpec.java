package io.ferstream.fetcher.datasets;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.ferstream.fetcher.source.LabelMap;

/**
 * One dataset the fetcher knows: its key (also its folder under the data dir and the
 * {@code dataset} of its events), where it comes from, its layout and how its class names map to
 * FER labels.
 *
 * @param kaggleId      {@code owner/name} on Kaggle, or null when it must be obtained by hand
 * @param skippedLabels CSV labels outside 0..6 that the dataset defines on purpose (CK+: 7 contempt)
 * @param manualHint    where to get it by hand (always set for sets without a Kaggle id)
 * @param provenance    who made it and on what terms, or null when not stated
 */
public record DatasetSpec(String key, String title, String kaggleId, DatasetLayout layout, LabelMap labels,
                          Map<Integer, String> skippedLabels, String manualHint, Provenance provenance) {

    /**
     * Where a dataset comes from, as its makers state it.
     *
     * @param origin           the makers and the original source
     * @param terms            the licence or terms of use as the source states them
     * @param kaggleIdVerified whether the Kaggle id was checked against the copy's documentation
     *                         (only msambare/fer2013's archive layout is known here)
     */
    public record Provenance(String origin, String terms, boolean kaggleIdVerified) {

        public Provenance {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(terms, "terms");
        }
    }

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern KAGGLE_ID = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    public DatasetSpec {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("dataset key must be lower-case letters, digits, '_' or '-': " + key);
        }
        if (kaggleId != null && !KAGGLE_ID.matcher(kaggleId).matches()) {
            throw new IllegalArgumentException("Kaggle id must be owner/name: " + kaggleId);
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(labels, "labels");
        skippedLabels = Map.copyOf(skippedLabels == null ? Map.of() : skippedLabels);
        if (kaggleId == null && (manualHint == null || manualHint.isBlank())) {
            throw new IllegalArgumentException("a dataset without a Kaggle id needs a manual hint: " + key);
        }
    }

    public Optional<String> kaggle() {
        return Optional.ofNullable(kaggleId);
    }

    /** The dataset's page, for messages. */
    public String webPage() {
        return kaggleId == null ? manualHint : "https://www.kaggle.com/datasets/" + kaggleId;
    }
}
