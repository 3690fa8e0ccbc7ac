package io.ferstream.platform.stage;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The counters every stage keeps, named {@code fer_<stage>_<thing>}: images in, passed, rejected
 * by reason, flagged (failed but kept by the split policy), dead letters by reason, and the time
 * spent judging each image. Every counter of a known reason is registered at 0 from the start, so a
 * dashboard shows 0 rather than no data before the first rejection.
 */
public final class StageMetrics {

    private final String prefix;
    private final MeterRegistry registry;
    private final Counter in;
    private final Counter passed;
    private final Timer judgeTime;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> flagged = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public StageMetrics(String stage, Collection<String> failureReasons, MeterRegistry registry) {
        this.prefix = "fer_" + stage.replace('-', '_');
        this.registry = registry;
        this.in = registry.counter(prefix + "_images_in");
        this.passed = registry.counter(prefix + "_images_passed");
        this.judgeTime = Timer.builder(prefix + "_judge_seconds")
                .description("Time to judge one image").publishPercentileHistogram(false).register(registry);
        for (String reason : failureReasons) {
            counter(rejected, "_images_rejected", reason);
            counter(flagged, "_images_flagged", reason);
        }
        for (ImageStageTopology.DeadLetterReason reason : ImageStageTopology.DeadLetterReason.values()) {
            counter(deadLetters, "_dead_letters", reason.tag());
        }
    }

    void in() {
        in.increment();
    }

    void passed() {
        passed.increment();
    }

    void rejected(String reason) {
        counter(rejected, "_images_rejected", reason).increment();
    }

    void flagged(String reason) {
        counter(flagged, "_images_flagged", reason).increment();
    }

    void deadLetter(ImageStageTopology.DeadLetterReason reason) {
        counter(deadLetters, "_dead_letters", reason.tag()).increment();
    }

    /** The counter of {@code reason}, registered on first use (a judge's reason outside its declared list too). */
    private Counter counter(Map<String, Counter> byReason, String suffix, String reason) {
        return byReason.computeIfAbsent(reason, r -> registry.counter(prefix + suffix, "reason", r));
    }

    Timer judgeTime() {
        return judgeTime;
    }
}
