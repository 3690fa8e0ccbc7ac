package io.ferstream.vision.fer2013;

/**
 * One data row of a FER2013 CSV: an {@link Image}, or a {@link Bad} row with the reason. The index
 * is 0-based over data rows (header excluded, blank lines neither counted nor reported, as pandas
 * reads the file).
 */
public sealed interface Fer2013Row {

    long index();

    /** A valid row: a label 0..6 (FER2013's class order), its usage, and 48x48 gray pixels, row-major. */
    record Image(long index, int label, Usage usage, byte[] pixels) implements Fer2013Row {
    }

    /** A row that is not an image, why ({@code detail} for people), and the raw line. */
    record Bad(long index, Problem problem, String detail, byte[] line) implements Fer2013Row {
    }

    /** What is wrong with a bad row. */
    enum Problem {
        /** Not the header's number of columns. */
        MALFORMED_ROW,
        /** A label that is not an integer in 0..6. */
        BAD_LABEL,
        /** A label the dataset defines but FER does not (e.g. CK+ 7 = contempt): skipped on purpose. */
        SKIPPED_CLASS,
        /** A Usage other than Training, PublicTest or PrivateTest. */
        UNKNOWN_USAGE,
        /** Other than 2,304 pixel values. */
        BAD_PIXEL_COUNT,
        /** A pixel value that is not a whole number in 0..255. */
        BAD_PIXEL_VALUE
    }
}
