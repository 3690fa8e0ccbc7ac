package io.ferstream.classifier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.ferstream.events.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The classifier's {@code fer_classifier_*} metrics: frames by outcome (registered at 0 from the
 * start, so dashboards and alerts see them before the first frame), faces per frame, a latency
 * histogram per step with buckets at 5, 10, 20, 50 and 100 ms, the model in use, and releases read
 * from {@code fer.models} by outcome and reason (also at 0 from the start).
 */
public final class ClassifierMetrics {

    /** What became of a polled frame. */
    public enum Outcome { PREDICTED, DROPPED_STALE, DEAD_LETTER }

    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(100)};

    private final Map<Outcome, Counter> frames = new EnumMap<>(Outcome.class);
    private final DistributionSummary facesPerFrame;
    private final Map<String, Timer> latencies = new HashMap<>();
    private final Counter releasesLoaded;
    private final Map<ReleaseLoader.Refusal, Counter> releasesRefused = new EnumMap<>(ReleaseLoader.Refusal.class);
    private final MeterRegistry registry;

    public ClassifierMetrics(MeterRegistry registry, LiveModel model, SessionSmoother smoother) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            frames.put(outcome, Counter.builder("fer_classifier_frames")
                    .description("Frames polled from fer.frames, by what became of them")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        // Bucket boundaries must be positive: le="0.5" counts the frames without a face.
        facesPerFrame = DistributionSummary.builder("fer_classifier_faces_per_frame")
                .description("Faces found in each served frame").serviceLevelObjectives(0.5, 1, 2, 3, 5).register(registry);
        for (String step : PollProcessor.STEPS) {
            latencies.put(step, Timer.builder("fer_classifier_latency")
                    .description("Time per step of serving a frame (queue: capture to poll; total: poll to prediction)")
                    .tag("step", step).serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
        }
        modelInUse(model);
        releasesLoaded = releases("loaded", "none");
        for (ReleaseLoader.Refusal refusal : ReleaseLoader.Refusal.values()) {
            releasesRefused.put(refusal, releases("refused", refusal.tag()));
        }
        if (smoother != null) {
            Gauge.builder("fer_classifier_sessions", smoother, SessionSmoother::sessions)
                    .description("Sessions whose smoothing state is held").register(registry);
            Gauge.builder("fer_classifier_sessions_evicted", smoother, SessionSmoother::evicted)
                    .description("Sessions dropped for being idle or for room").register(registry);
        }
    }

    private Counter releases(String outcome, String reason) {
        return Counter.builder("fer_classifier_model_releases")
                .description("Model releases read from fer.models: loaded, or refused and why")
                .tags("outcome", outcome, "reason", reason).register(registry);
    }

    private Gauge modelInUse(LiveModel model) {
        // Not "_info": the Prometheus registry strips that suffix, which is reserved for its Info type.
        return Gauge.builder("fer_classifier_model_in_use", () -> 1)
                .description("The classifier in use (1), by name and version")
                .tags("name", model.name(), "version", model.version()).register(registry);
    }

    /** After a swap: the model in use is {@code next}, no longer {@code previous}. */
    public void modelInUse(LiveModel previous, LiveModel next) {
        // A later release under the same version string keeps the same series.
        if (previous.name().equals(next.name()) && previous.version().equals(next.version())) {
            return;
        }
        modelInUse(next);
        registry.remove(registry.get("fer_classifier_model_in_use").tags("name", previous.name(), "version", previous.version())
                .gauge());
    }

    /** Counts a release: loaded when {@code refusal} is null. */
    void release(ReleaseLoader.Refusal refusal) {
        (refusal == null ? releasesLoaded : releasesRefused.get(refusal)).increment();
    }

    public void count(Outcome outcome) {
        frames.get(outcome).increment();
    }

    /** Counts a served frame and records its faces and latencies. */
    public void predicted(Prediction prediction) {
        count(Outcome.PREDICTED);
        facesPerFrame.record(prediction.getFaces().size());
        prediction.getLatenciesMs().forEach((step, ms) -> {
            Timer timer = latencies.get(step);
            if (timer != null) {
                timer.record(Duration.ofNanos(Math.round(ms * 1e6)));
            }
        });
    }
}
