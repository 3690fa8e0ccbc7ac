package io.ferstream.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.fetcher.source.RejectReason;
import io.ferstream.platform.metrics.ServiceMetrics;
import org.junit.jupiter.api.Test;

class FetcherMetricsTest {

    @Test
    void everyRejectReasonHasADeadLetterCounterAtZeroFromTheStart() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("fetcher")) {
            new FetcherMetrics(registry);

            String scrape = registry.scrape();
            assertThat(scrape).contains("fer_fetcher_images_published_total{service=\"fetcher\"} 0.0");
            for (RejectReason reason : RejectReason.values()) {
                assertThat(scrape).contains("fer_fetcher_dead_letters_total{reason=\"" + reason.code() + "\",service=\"fetcher\"} 0.0");
            }
        }
    }

    @Test
    void aReasonOutsideTheEnumStillCounts() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("fetcher")) {
            FetcherMetrics metrics = new FetcherMetrics(registry);

            metrics.deadLetters("earlier-attempt", 3);
            metrics.deadLetters(RejectReason.BAD_LABEL.code(), 2);

            assertThat(registry.scrape()).contains(
                    "fer_fetcher_dead_letters_total{reason=\"earlier-attempt\",service=\"fetcher\"} 3.0",
                    "fer_fetcher_dead_letters_total{reason=\"bad-label\",service=\"fetcher\"} 2.0");
        }
    }
}
