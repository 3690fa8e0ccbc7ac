package io.ferstream.platform.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry refused a request or could not be reached. Carries Confluent's {@code error_code}
 * (e.g. 40403 schema not found, 409 incompatible) so callers can tell a bad record from an outage.
 */
public final class SchemaRegistryException extends SerializationException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status, or -1 when the registry could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code from the response body, or -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry answered and the failure is about the request, not the connection. */
    public boolean isClientError() {
        return httpStatus >= 400 && httpStatus < 500;
    }
}
