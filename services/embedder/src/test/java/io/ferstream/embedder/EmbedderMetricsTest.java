package io.ferstream.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.platform.metrics.ServiceMetrics;
import org.junit.jupiter.api.Test;

class EmbedderMetricsTest {

    @Test
    void everyCounterADashboardUsesIsZeroBeforeTheFirstImage() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("embedder")) {
            new EmbedderMetrics(registry);

            assertThat(registry.scrape()).contains(
                    "fer_embedder_images_in_total{service=\"embedder\"} 0.0",
                    "fer_embedder_images_typical_total{service=\"embedder\"} 0.0",
                    "fer_embedder_images_rejected_total{reason=\"outlier\",service=\"embedder\"} 0.0",
                    "fer_embedder_images_flagged_total{reason=\"outlier\",service=\"embedder\"} 0.0",
                    "fer_embedder_images_rejected_total{reason=\"leakage\",service=\"embedder\"} 0.0",
                    "fer_embedder_images_flagged_total{reason=\"label_conflict\",service=\"embedder\"} 0.0",
                    "fer_embedder_images_late_total{service=\"embedder\"} 0.0",
                    "fer_embedder_runs_decided_total{service=\"embedder\"} 0.0",
                    "fer_embedder_runs_incomplete_total{service=\"embedder\"} 0.0",
                    "fer_embedder_dead_letters_total{reason=\"invalid_image\",service=\"embedder\"} 0.0",
                    "fer_embedder_dead_letters_total{reason=\"embed_error\",service=\"embedder\"} 0.0",
                    "fer_embedder_embed_seconds_count{service=\"embedder\"} 0");
        }
    }

    @Test
    void aDeadLetterCountsUnderItsReason() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("embedder")) {
            EmbedderMetrics metrics = new EmbedderMetrics(registry);

            metrics.deadLetter(EmbedderMetrics.DeadLetterReason.EMBED_ERROR);
            metrics.runIncomplete();

            assertThat(registry.scrape()).contains(
                    "fer_embedder_dead_letters_total{reason=\"embed_error\",service=\"embedder\"} 1.0",
                    "fer_embedder_dead_letters_total{reason=\"invalid_image\",service=\"embedder\"} 0.0",
                    "fer_embedder_runs_incomplete_total{service=\"embedder\"} 1.0");
        }
    }
}
