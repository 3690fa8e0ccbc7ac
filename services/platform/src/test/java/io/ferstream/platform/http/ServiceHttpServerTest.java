package io.ferstream.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ServiceHttpServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusTextAndOpenMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("fer_quality_images_in").increment(3);
        try (ServiceHttpServer server = ServiceHttpServer.start("127.0.0.1", 0, registry, List.of())) {
            HttpResponse<String> text = get(server, "/metrics", null);
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(text.body()).contains("fer_quality_images_in_total 3.0");

            HttpResponse<String> openMetrics = get(server, "/metrics", "application/openmetrics-text; version=1.0.0");
            assertThat(openMetrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(openMetrics.body()).contains("# TYPE fer_quality_images_in counter").endsWith("# EOF\n");
        }
    }

    @Test
    void healthIsDownWhenAnyCheckIsDown() throws Exception {
        AtomicBoolean streamsRunning = new AtomicBoolean(true);
        List<ServiceHttpServer.HealthCheck> checks = List.of(
                new ServiceHttpServer.HealthCheck("streams", streamsRunning::get),
                new ServiceHttpServer.HealthCheck("broken", () -> {
                    throw new IllegalStateException("boom");
                }));
        try (ServiceHttpServer server = ServiceHttpServer.start("127.0.0.1", 0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks)) {
            HttpResponse<String> health = get(server, "/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"streams\":\"UP\"")
                    .contains("\"broken\":\"DOWN\"");
        }
        try (ServiceHttpServer server = ServiceHttpServer.start("127.0.0.1", 0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks.subList(0, 1))) {
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(200);
            streamsRunning.set(false);
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(503);
        }
    }

    private HttpResponse<String> get(ServiceHttpServer server, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
