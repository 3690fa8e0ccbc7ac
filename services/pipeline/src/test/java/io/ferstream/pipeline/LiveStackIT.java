package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.classifier.CardModelSource;
import io.ferstream.gateway.GatewayOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code fer serve} and {@code fer run --serve} start: a frame uploaded to the page's API comes back classified. */
class LiveStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theGatewayAnswersWithTheClassifierOnItsOwnEmbeddedCluster(@TempDir Path dir) throws Exception {
        Path cardFile = PeerCard.write(dir);
        Files.writeString(dir.resolve("report.html"), "<p>a run</p>");
        GatewayOptions options = new GatewayOptions();
        new CommandLine(options).parseArgs("--port", "0");

        try (LiveStack stack = LiveStack.start(new CardModelSource(cardFile), connection -> options.toConfig(connection, dir))) {
            assertThat(get(stack, "health").get("status").asText()).isEqualTo("UP");
            assertThat(get(stack, "api/info").get("reportAvailable").asBoolean()).isTrue();

            JsonNode result = JSON.readTree(upload(stack, jpeg(160, 120))).get("results").get(0);
            assertThat(result.has("error")).as(result.toString()).isFalse();
            assertThat(result.get("name").asText()).isEqualTo("grey.jpg");
            assertThat(result.get("width").asInt()).isEqualTo(160);
            assertThat(result.get("faces")).isEmpty();
            assertThat(result.get("model").get("name").asText()).isEqualTo("peer");

            // The counters move just after the answer is sent and the lag gauge on its 5 s refresh: scrape until they show.
            String metrics = "";
            for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(250)) {
                metrics = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (metrics.contains("fer_gateway_frames_out_total{service=\"serve\"} 1.0")
                        && metrics.contains("fer_consumer_group_lag{group=\"fer-classifier\"")) {
                    break;
                }
            }
            assertThat(metrics).contains("fer_gateway_frames_out_total{service=\"serve\"} 1.0")
                    .contains("fer_classifier_frames_total{outcome=\"predicted\",service=\"serve\"} 1.0")
                    .contains("jvm_memory_used_bytes{", "fer_consumer_group_lag{group=\"fer-classifier\"")
                    .containsPattern("kafka_producer_[a-z_]+\\{.*stage=\"gateway\"")
                    .containsPattern("kafka_consumer_[a-z_]+\\{.*stage=\"classifier\"");
        }
    }

    private JsonNode get(LiveStack stack, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String upload(LiveStack stack, byte[] image) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"grey.jpg\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(image);
        body.write("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "api/images"))
                .header("Content-Type", "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static byte[] jpeg(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
