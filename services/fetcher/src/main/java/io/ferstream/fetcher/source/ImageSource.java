package io.ferstream.fetcher.source;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A finite, ordered source of entries. The order is deterministic (file order, sorted paths), so a
 * run interrupted after N entries can be resumed by {@link #skip skipping} N entries.
 *
 * <p>{@link #next()} throws only when the source itself fails (unreadable file, truncated gzip);
 * a bad entry is returned as a {@link Rejection}.
 */
public interface ImageSource extends AutoCloseable {

    /** Dataset key of the entries, e.g. {@code fer2013}. */
    String dataset();

    /** What is being read, for the run manifest (file or folder name, never a secret). */
    String description();

    /** How many entries the source holds, when that is known without reading it. */
    OptionalLong expectedEntries();

    /** What the source did beyond reading, for the run manifest's message (faces cropped), or "". */
    default String summary() {
        return "";
    }

    /** The next entry, or null at the end. */
    SourceEntry next() throws IOException;

    /** Skips up to {@code n} entries without building them; returns how many were skipped. */
    default long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && next() != null) {
            skipped++;
        }
        return skipped;
    }

    @Override
    void close() throws IOException;
}
