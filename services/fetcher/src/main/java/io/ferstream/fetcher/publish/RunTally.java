package io.ferstream.fetcher.publish;

import java.util.Map;
import java.util.TreeMap;

import io.ferstream.events.Emotion;
import io.ferstream.events.RunManifest;
import io.ferstream.events.Split;
import io.ferstream.fetcher.source.RejectReason;

/**
 * The counts of a run: images per split and per {@code <SPLIT>/<EMOTION>} (unlabelled images
 * under {@code <SPLIT>/UNLABELED}), and dead letters per reason. Pure bookkeeping, no Kafka.
 */
public final class RunTally {

    static final String UNLABELED = "UNLABELED";

    private final long[][] classes = new long[Split.values().length][Emotion.values().length + 1];
    private final long[] reasons = new long[RejectReason.values().length];
    /** Dead letters restored from an earlier attempt's manifest, whose reasons are not known. */
    private long earlierDeadLetters;
    private long images;
    private long deadLetters;

    public void countImage(Split split, Emotion label) {
        classes[split.ordinal()][label == null ? Emotion.values().length : label.ordinal()]++;
        images++;
    }

    public void countRejection(RejectReason reason) {
        reasons[reason.ordinal()]++;
        deadLetters++;
    }

    public long images() {
        return images;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Source entries accounted for: every entry is an image or a dead letter. */
    public long entries() {
        return images + deadLetters;
    }

    /** Images per split name, splits without images left out. */
    public Map<String, Long> splitCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Split split : Split.values()) {
            long sum = 0;
            for (long c : classes[split.ordinal()]) {
                sum += c;
            }
            if (sum > 0) {
                counts.put(split.name(), sum);
            }
        }
        return counts;
    }

    /** Images per {@code <SPLIT>/<EMOTION>}, zero counts left out. */
    public Map<String, Long> classCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Split split : Split.values()) {
            long[] row = classes[split.ordinal()];
            for (int label = 0; label < row.length; label++) {
                if (row[label] > 0) {
                    String name = label < Emotion.values().length ? Emotion.values()[label].name() : UNLABELED;
                    counts.put(split.name() + "/" + name, row[label]);
                }
            }
        }
        return counts;
    }

    /** Dead letters per reason code; those restored from an earlier attempt count as "earlier-attempt". */
    public Map<String, Long> deadLettersByReason() {
        Map<String, Long> counts = new TreeMap<>();
        for (RejectReason reason : RejectReason.values()) {
            if (reasons[reason.ordinal()] > 0) {
                counts.put(reason.code(), reasons[reason.ordinal()]);
            }
        }
        if (earlierDeadLetters > 0) {
            counts.put("earlier-attempt", earlierDeadLetters);
        }
        return counts;
    }

    public RunTally copy() {
        RunTally copy = new RunTally();
        for (int s = 0; s < classes.length; s++) {
            System.arraycopy(classes[s], 0, copy.classes[s], 0, classes[s].length);
        }
        System.arraycopy(reasons, 0, copy.reasons, 0, reasons.length);
        copy.earlierDeadLetters = earlierDeadLetters;
        copy.images = images;
        copy.deadLetters = deadLetters;
        return copy;
    }

    /** The counts a manifest recorded, to continue an interrupted run. */
    public static RunTally restore(RunManifest manifest) {
        RunTally tally = new RunTally();
        long images = 0;
        for (Map.Entry<String, Long> e : manifest.getClassCounts().entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            Split split = Split.valueOf(key.substring(0, slash));
            String label = key.substring(slash + 1);
            int column = UNLABELED.equals(label) ? Emotion.values().length : Emotion.valueOf(label).ordinal();
            tally.classes[split.ordinal()][column] += e.getValue();
            images += e.getValue();
        }
        if (images != manifest.getPublishedImages()) {
            throw new IllegalStateException("manifest of run " + manifest.getRunId() + " is inconsistent: class counts sum to "
                    + images + " but publishedImages is " + manifest.getPublishedImages());
        }
        tally.images = images;
        tally.deadLetters = manifest.getDeadLettered();
        tally.earlierDeadLetters = manifest.getDeadLettered();
        return tally;
    }
}
