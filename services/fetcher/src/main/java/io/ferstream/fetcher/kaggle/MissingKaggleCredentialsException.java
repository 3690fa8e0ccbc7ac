package io.ferstream.fetcher.kaggle;

/**
 * A download needs Kaggle credentials and none are configured: the user's set-up, not a failure of
 * Kaggle, so commands report it as a usage error (exit code 2) with how to configure them.
 */
public final class MissingKaggleCredentialsException extends KaggleException {

    private static final long serialVersionUID = 1L;

    public MissingKaggleCredentialsException(String message) {
        super(message);
    }
}
