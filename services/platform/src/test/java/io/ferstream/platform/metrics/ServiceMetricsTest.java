package io.ferstream.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void aFreshRegistryAlreadyShowsJvmAndProcessFamiliesTaggedWithTheService() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("quality")) {
            String scrape = registry.scrape();

            assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads{", "jvm_classes_loaded_classes{",
                    "jvm_gc_", "jvm_info{", "process_cpu_usage{", "process_uptime_seconds{", "system_cpu_count{");
            assertThat(scrape).containsPattern("process_files_open_files\\{.*service=\"quality\"");
            assertThat(scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank()))
                    .isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample).contains("service=\"quality\""));
        }
    }

    @Test
    void metersRegisteredLaterCarryTheServiceTagToo() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("faces")) {
            Counter counter = registry.counter("fer_faces_images_in");

            assertThat(counter.getId().getTag(ServiceMetrics.SERVICE_TAG)).isEqualTo("faces");
            assertThat(registry.scrape()).contains("fer_faces_images_in_total{service=\"faces\"} 0.0");
        }
    }

    @Test
    void kafkaStreamsProcessIdsAreDroppedSoARunMakesNoNewSeries() {
        try (ServiceMetrics registry = ServiceMetrics.prometheus("run")) {
            registry.gauge("kafka_stream_client_state", io.micrometer.core.instrument.Tags.of("process.id",
                    "4f1c2a8e-0d2b-4c1e-9b7a-3c5d6e7f8091", "client-id", "fer-quality"), 2.0);

            assertThat(registry.scrape()).contains("client_id=\"fer-quality\"").doesNotContain("process_id");
        }
    }
}
