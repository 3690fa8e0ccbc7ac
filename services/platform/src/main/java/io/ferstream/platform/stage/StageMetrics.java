package io.ferstream.platform.stage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The counters every stage keeps, named {@code fer_<stage>_<thing>}: images in, passed, rejected
 * by reason, flagged (failed but kept by the split policy), dead letters by reason, and the time
 * spent judging each image.
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

    public StageMetrics(String stage, MeterRegistry registry) {
        this.prefix = "fer_" + stage.replace('-', '_');
        this.registry = registry;
        this.in = registry.counter(prefix + "_images_in");
        this.passed = registry.counter(prefix + "_images_passed");
        this.judgeTime = Timer.builder(prefix + "_judge_seconds")
                .description("Time to judge one image").publishPercentileHistogram(false).register(registry);
    }

    void in() {
        in.increment();
    }

    void passed() {
        passed.increment();
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> registry.counter(prefix + "_images_rejected", "reason", r)).increment();
    }

    void flagged(String reason) {
        flagged.computeIfAbsent(reason, r -> registry.counter(prefix + "_images_flagged", "reason", r)).increment();
    }

    void deadLetter(String reason) {
        deadLetters.computeIfAbsent(reason, r -> registry.counter(prefix + "_dead_letters", "reason", r)).increment();
    }

    Timer judgeTime() {
        return judgeTime;
    }
}
