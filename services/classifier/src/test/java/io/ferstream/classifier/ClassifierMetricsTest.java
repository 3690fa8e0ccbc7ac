package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Prediction;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ClassifierMetricsTest {

    @Test
    void countersExistAtZeroFromTheStartAndLatenciesHaveTheLiveBuckets() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, new LiveModel("mini", "v1", Instant.EPOCH, null),
                new SessionSmoother(0.5, 0.3, 10, 1_000));
        String scrape = registry.scrape();
        for (String outcome : List.of("predicted", "dropped_stale", "dead_letter")) {
            assertThat(scrape).contains("fer_classifier_frames_total{outcome=\"" + outcome + "\"} 0.0");
        }
        assertThat(scrape).contains("fer_classifier_model_in_use{name=\"mini\",version=\"v1\"} 1.0");
        metrics.modelInUse(new LiveModel("mini", "v1", Instant.EPOCH, null), new LiveModel("mini", "v1", Instant.now(), null));
        assertThat(registry.scrape()).contains("fer_classifier_model_in_use{name=\"mini\",version=\"v1\"} 1.0");
        metrics.modelInUse(new LiveModel("mini", "v1", Instant.EPOCH, null), new LiveModel("mini", "v2", Instant.now(), null));
        assertThat(registry.scrape()).contains("fer_classifier_model_in_use{name=\"mini\",version=\"v2\"} 1.0")
                .doesNotContain("version=\"v1\"");

        metrics.predicted(Prediction.newBuilder().setFrameId("f").setSessionId("s").setSequence(1).setFaces(List.of())
                .setModelVersion("v1").setLatenciesMs(Map.of("detect", 7.0, "total", 30.0)).setPredictedAt(Instant.EPOCH).build());
        scrape = registry.scrape();
        assertThat(scrape).contains("fer_classifier_frames_total{outcome=\"predicted\"} 1.0")
                .contains("fer_classifier_latency_seconds_bucket{step=\"detect\",le=\"0.005\"} 0")
                .contains("fer_classifier_latency_seconds_bucket{step=\"detect\",le=\"0.01\"} 1")
                .contains("fer_classifier_latency_seconds_bucket{step=\"total\",le=\"0.05\"} 1")
                .contains("fer_classifier_faces_per_frame_bucket{le=\"0.5\"} 1");
    }
}
