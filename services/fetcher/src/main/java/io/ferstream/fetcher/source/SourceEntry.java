package io.ferstream.fetcher.source;

/**
 * What a reader yields for one source entry (a CSV row, an image file): either an image ready to
 * publish, or the reason it cannot become one. Readers never throw for bad entries.
 */
public sealed interface SourceEntry permits ImageEntry, Rejection {

    /** Where the entry came from, e.g. {@code fer2013.csv.gz#row=42} or {@code train/angry/x.jpg}. */
    String location();
}
