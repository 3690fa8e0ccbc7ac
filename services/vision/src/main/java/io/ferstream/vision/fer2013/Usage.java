package io.ferstream.vision.fer2013;

/** A FER2013 row's {@code Usage} column: which of the dataset's three splits it belongs to. */
public enum Usage {
    /** {@code Training}; also every row of a file without a Usage column. */
    TRAINING,
    /** {@code PublicTest}: the validation split. */
    PUBLIC_TEST,
    /** {@code PrivateTest}: the test split. */
    PRIVATE_TEST
}
