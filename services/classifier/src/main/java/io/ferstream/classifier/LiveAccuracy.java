package io.ferstream.classifier;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ferstream.events.Split;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Accuracy of the serving models on the labelled stream, per split and model version:
 * {@code fer_classifier_labelled_total{split,model_version,correct}} counts images,
 * {@code fer_classifier_live_accuracy{split,model_version}} is correct / total, and
 * {@code fer_classifier_labelled_skipped_total{reason}} counts images that could not be scored (at 0
 * from the start). Thread-safe.
 */
public final class LiveAccuracy {

    /** Why a labelled image was not scored. */
    public enum Skip {
        /** No label. */
        UNLABELLED,
        /** Not a readable record or image. */
        UNREADABLE,
        /** CLAHE'd by the enhancer with settings the model's contract does not have: it cannot be fed as the model expects. */
        PREPROCESSING;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Correct and total of one split under one model version. */
    private record Tally(Counter correct, Counter wrong) {
        double accuracy() {
            double right = correct.count();
            double n = right + wrong.count();
            return n == 0 ? Double.NaN : right / n;
        }
    }

    private final MeterRegistry registry;
    private record Key(Split split, String modelVersion) {
    }

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();
    private final Map<Skip, Counter> skipped = new EnumMap<>(Skip.class);

    public LiveAccuracy(MeterRegistry registry) {
        this.registry = registry;
        for (Skip skip : Skip.values()) {
            skipped.put(skip, Counter.builder("fer_classifier_labelled_skipped")
                    .description("Labelled images not scored, by reason").tag("reason", skip.tag()).register(registry));
        }
    }

    /** One labelled image of {@code split} scored by {@code modelVersion}. */
    public void record(Split split, String modelVersion, boolean correct) {
        Tally tally = tallies.computeIfAbsent(new Key(split, modelVersion), this::tally);
        (correct ? tally.correct() : tally.wrong()).increment();
    }

    public void skipped(Skip reason) {
        skipped.get(reason).increment();
    }

    /** Correct / total of {@code split} under {@code modelVersion}; NaN before any image. */
    public double accuracy(Split split, String modelVersion) {
        Tally tally = tallies.get(new Key(split, modelVersion));
        return tally == null ? Double.NaN : tally.accuracy();
    }

    private Tally tally(Key key) {
        String split = key.split().name().toLowerCase(Locale.ROOT);
        String version = key.modelVersion();
        Tally tally = new Tally(labelled(split, version, true), labelled(split, version, false));
        Gauge.builder("fer_classifier_live_accuracy", tally, Tally::accuracy)
                .description("Share of labelled stream images the model version classifies correctly, per split")
                .tags("split", split, "model_version", version).register(registry);
        return tally;
    }

    private Counter labelled(String split, String version, boolean correct) {
        return Counter.builder("fer_classifier_labelled")
                .description("Labelled stream images classified, per split, model version and whether the label was right")
                .tags("split", split, "model_version", version, "correct", Boolean.toString(correct)).register(registry);
    }
}
