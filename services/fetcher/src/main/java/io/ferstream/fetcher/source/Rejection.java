package io.ferstream.fetcher.source;

import java.util.Arrays;
import java.util.Objects;

/**
 * A source entry that cannot become an image, with the reason, where it is, and its original bytes
 * (the CSV line, the file), so it can be inspected and replayed from the dead-letter topic.
 */
public record Rejection(RejectReason reason, String detail, String location, byte[] original) implements SourceEntry {

    /** Original bytes above this size are cut (a dead letter must fit in one Kafka record). */
    public static final int MAX_ORIGINAL_BYTES = 512 * 1024;

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(location, "location");
        if (original != null && original.length > MAX_ORIGINAL_BYTES) {
            original = Arrays.copyOf(original, MAX_ORIGINAL_BYTES);
            detail = detail + " (original cut to the first " + MAX_ORIGINAL_BYTES + " bytes)";
        }
    }

    /** The text of the dead letter: {@code <code>: <detail>}. */
    public String message() {
        return reason.code() + ": " + detail;
    }
}
