package io.ferstream.embedder;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The embedder's {@code fer_embedder_*} meters, all registered at 0 when the topology is built, so a
 * dashboard shows 0 (not no data) for outliers, dead letters and runs until the first one happens.
 */
final class EmbedderMetrics {

    /** The one reason the embedder rejects or flags an image. */
    static final String OUTLIER = "outlier";

    /** Why a record became a dead letter: the {@code reason} tag of {@code fer_embedder_dead_letters_total}. */
    enum DeadLetterReason {
        INVALID_IMAGE, EMBED_ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter imagesIn;
    private final Counter typical;
    private final Counter rejected;
    private final Counter flagged;
    private final Counter late;
    private final Counter runsDecided;
    private final Counter runsIncomplete;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Timer embedTime;

    EmbedderMetrics(MeterRegistry registry) {
        imagesIn = registry.counter("fer_embedder_images_in");
        typical = registry.counter("fer_embedder_images_typical");
        rejected = registry.counter("fer_embedder_images_rejected", "reason", OUTLIER);
        flagged = registry.counter("fer_embedder_images_flagged", "reason", OUTLIER);
        late = registry.counter("fer_embedder_images_late");
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

    void rejected() {
        rejected.increment();
    }

    void flagged() {
        flagged.increment();
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
