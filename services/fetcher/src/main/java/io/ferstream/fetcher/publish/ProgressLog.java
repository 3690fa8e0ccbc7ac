package io.ferstream.fetcher.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The publisher's progress line, at most once per interval: images, images/s since the last line, dead letters. */
final class ProgressLog {

    private static final Logger log = LoggerFactory.getLogger(RunPublisher.class);

    private final String runId;
    private final Long expected;
    private final long everyNanos;
    private long nextNanos;
    private long lastNanos;
    private long lastImages;

    /**
     * @param expected  the entries the run will hold, or null when unknown
     * @param sinceNanos when the first rate starts ({@link System#nanoTime()})
     */
    ProgressLog(String runId, Long expected, long everyNanos, long sinceNanos, long imagesSoFar) {
        this.runId = runId;
        this.expected = expected;
        this.everyNanos = everyNanos;
        this.nextNanos = System.nanoTime() + everyNanos;
        this.lastNanos = sinceNanos;
        this.lastImages = imagesSoFar;
    }

    /** Logs a line when one is due. */
    void update(RunTally tally) {
        long now = System.nanoTime();
        if (now < nextNanos) {
            return;
        }
        double rate = (tally.images() - lastImages) / ((now - lastNanos) / 1e9);
        log.info(String.format("Run %s: %,d images (%,.0f images/s), %,d dead letters%s", runId, tally.images(), rate,
                tally.deadLetters(), expected == null ? ""
                        : String.format(", %.0f%% of %,d entries", 100.0 * tally.entries() / expected, expected)));
        lastNanos = now;
        lastImages = tally.images();
        nextNanos = now + everyNanos;
    }
}
