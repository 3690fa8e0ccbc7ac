package io.ferstream.fetcher.kaggle;

/** A Kaggle step failed; the message says what to do about it and never contains the API key. */
public class KaggleException extends Exception {

    private static final long serialVersionUID = 1L;

    public KaggleException(String message) {
        super(message);
    }

    public KaggleException(String message, Throwable cause) {
        super(message, cause);
    }
}
