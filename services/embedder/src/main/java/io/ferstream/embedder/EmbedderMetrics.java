package io.ferstream.embedder;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.ferstream.embedder.duplicates.DuplicateGroups;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The embedder's {@code fer_embedder_*} meters, all registered at 0 when the topology is built, so a
 * dashboard shows 0 (not no data) for outliers, dead letters and runs until the first one happens.
 */
final class EmbedderMetrics {

    /** The outlier rule's reason. */
    static final String OUTLIER = "outlier";
    /** Every reason the embedder rejects or flags an image for: the outlier rule's and the duplicate check's. */
    static final List<String> REASONS = Stream.concat(Stream.of(OUTLIER, LabelVerdicts.LABEL_ISSUE),
            Arrays.stream(DuplicateGroups.Reason.values()).map(DuplicateGroups.Reason::tag)).toList();

    /** Why a record became a dead letter: the {@code reason} tag of {@code fer_embedder_dead_letters_total}. */
    enum DeadLetterReason {
        INVALID_IMAGE, EMBED_ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter imagesIn;
    private final Counter typical;
    private final Map<String, Counter> rejected = new HashMap<>();
    private final Map<String, Counter> flagged = new HashMap<>();
    private final Counter late;
    private final Counter labelCheckSkipped;
    private final Counter runsDecided;
    private final Counter runsIncomplete;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Timer embedTime;

    EmbedderMetrics(MeterRegistry registry) {
        imagesIn = registry.counter("fer_embedder_images_in");
        typical = registry.counter("fer_embedder_images_typical");
        for (String reason : REASONS) {
            rejected.put(reason, registry.counter("fer_embedder_images_rejected", "reason", reason));
            flagged.put(reason, registry.counter("fer_embedder_images_flagged", "reason", reason));
        }
        late = registry.counter("fer_embedder_images_late");
        labelCheckSkipped = registry.counter("fer_embedder_label_check_skipped");
        runsDecided = registry.counter("fer_embedder_runs_decided");
        runsIncomplete = registry.counter("fer_embedder_runs_incomplete");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, registry.counter("fer_embedder_dead_letters", "reason", reason.tag()));
        }
        embedTime = Timer.builder("fer_embedder_embed_seconds").description("Time to embed one image").register(registry);
    }

    void imageIn() {
        imagesIn.increment();
    }

    void typical() {
        typical.increment();
    }

    void rejected(String reason) {
        rejected.get(reason).increment();
    }

    void flagged(String reason) {
        flagged.get(reason).increment();
    }

    void labelCheckSkipped() {
        labelCheckSkipped.increment();
    }

    void late() {
        late.increment();
    }

    void runDecided() {
        runsDecided.increment();
    }

    void runIncomplete() {
        runsIncomplete.increment();
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    Timer embedTime() {
        return embedTime;
    }
}
