package io.ferstream.platform.config;

/** A configuration value is missing or wrong; the message names the key so the user can fix it. */
public final class InvalidConfigException extends IllegalArgumentException {

    private final String key;

    public InvalidConfigException(String key, Object value, String reason) {
        super("Invalid value '" + value + "' for " + key + ": " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
