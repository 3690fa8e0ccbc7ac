package io.ferstream.fetcher.source;

/**
 * Why a source entry did not become an image. The {@link #code()} is the {@code reason} tag of the
 * dead-letter metric and stays stable; the human-readable detail goes with each rejection.
 */
public enum RejectReason {
    /** A CSV row without the header's columns. */
    MALFORMED_ROW("malformed-row"),
    /** A CSV row whose label is not an integer in 0..6 (the seed clamped these to 6; we don't). */
    BAD_LABEL("bad-label"),
    /** A CSV row whose Usage is not Training, PublicTest or PrivateTest. */
    UNKNOWN_USAGE("unknown-usage"),
    /** A CSV row with other than 2,304 pixel values. */
    BAD_PIXEL_COUNT("bad-pixel-count"),
    /** A CSV row with a pixel that is not a whole number in 0..255. */
    BAD_PIXEL_VALUE("bad-pixel-value"),
    /** A zero-byte image file. */
    EMPTY_FILE("empty-file"),
    /** An image file no decoder could read. */
    UNREADABLE_IMAGE("unreadable-image"),
    /** A known class that is not one of the 7 FER classes (contempt): skipped on purpose, never silently. */
    SKIPPED_CLASS("skipped-class"),
    /** A class folder (or label) the dataset's label map does not know. */
    UNKNOWN_CLASS("unknown-class"),
    /** An image of a dataset without tight face crops in which no face was found (or none where its annotation says). */
    NO_FACE("no-face"),
    /** A file the dataset's annotation names that is not there. */
    MISSING_FILE("missing-file");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
