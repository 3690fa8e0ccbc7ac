package io.ferstream.fetcher.publish;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ferstream.fetcher.source.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The fetcher's meters. In Prometheus: {@code fer_fetcher_images_published_total},
 * {@code fer_fetcher_dead_letters_total{reason}}, {@code fer_fetcher_commit_seconds} (one per
 * transaction commit) and {@code fer_fetcher_run_seconds} (one per run). Counters move when a
 * transaction commits, i.e. when the records become visible to read_committed consumers. The dead
 * letters of every {@link RejectReason} exist at 0 from the start, so dashboards show 0, not no data.
 */
public final class FetcherMetrics {

    private final MeterRegistry registry;
    private final Counter imagesPublished;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Timer commit;
    private final Timer run;

    public FetcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.imagesPublished = Counter.builder("fer.fetcher.images.published")
                .description("Images written to the raw topic and committed").register(registry);
        this.commit = Timer.builder("fer.fetcher.commit")
                .description("Time to commit one transaction (chunk) of images").register(registry);
        this.run = Timer.builder("fer.fetcher.run").description("Duration of fetch runs").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            deadLetterCounter(reason.code());
        }
    }

    public void imagesPublished(long n) {
        imagesPublished.increment(n);
    }

    /** {@code reason}: a {@link RejectReason} code, or the tally's own ones (an earlier attempt's dead letters). */
    public void deadLetters(String reason, long n) {
        deadLetterCounter(reason).increment(n);
    }

    private Counter deadLetterCounter(String reason) {
        return deadLetters.computeIfAbsent(reason, r -> Counter.builder("fer.fetcher.dead.letters")
                .description("Source entries sent to the dead-letter topic, by reason")
                .tag("reason", r).register(registry));
    }

    public Timer commitTimer() {
        return commit;
    }

    public Timer runTimer() {
        return run;
    }

    public MeterRegistry registry() {
        return registry;
    }
}
