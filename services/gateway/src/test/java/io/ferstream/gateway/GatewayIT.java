package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.classifier.CardModelSource;
import io.ferstream.classifier.ClassifierConfig;
import io.ferstream.classifier.ClassifierService;
import io.ferstream.classifier.FramePartitions;
import io.ferstream.events.ModelRelease;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.frames.FrameLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fer gateway} in front of a real classifier (the peer mini-Xception) on the embedded broker and
 * registry: real FER2013 faces in 640×480 frames over the WebSocket and as uploads, then abuse.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The upload limit of this test's gateway: small, so a body over it is cheap to send. */
    private static final long MAX_UPLOAD = 3 << 20;

    @TempDir
    static Path dir;

    private static EmbeddedPlatform platform;
    private static ClassifierService classifier;
    private static GatewayService gateway;
    private static PrometheusMeterRegistry registry;
    private static List<FaceScenes.Scene> scenes;
    private static String origin;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path card = PeerModelCard.in(Files.createDirectories(dir.resolve("model")));
        scenes = FaceScenes.make(16);
        platform = EmbeddedPlatform.start();
        new TopicProvisioner(platform.admin(), platform.connection().topicNames(), platform.timeout()).ensureAll();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Generous ages and timeouts: the broker, the registry, the classifier and this test share two busy cores.
        classifier = ClassifierService.start(ClassifierConfig.defaults(platform.connection()).withMaxFrameAge(Duration.ofSeconds(30)),
                new CardModelSource(card), registry);
        FramePartitions.awaitAssigned(platform.admin(), ClassifierConfig.defaults(platform.connection()).groupId(), Duration.ofMinutes(2));
        Path report = Files.createDirectories(dir.resolve("run"));
        Files.writeString(report.resolve("report.html"), "<html><body>report</body></html>");
        Files.writeString(report.resolve("report.json"), "{\"run\":{\"run_id\":\"r1\"},\"published\":10,\"cleaned\":8,\"rejected\":2,"
                + "\"by_split\":{\"TRAIN\":{}}}");
        Files.writeString(report.resolve("secret.txt"), "not served");
        // A low rate limit (4 frames/s, 16 at once), so the flood exceeds it however slowly a loaded machine reads it.
        gateway = GatewayService.start(new GatewayConfig(platform.connection(), "127.0.0.1", 0, Set.of(), 2, Duration.ofSeconds(20),
                new FrameLimits(GatewayConfig.MAX_FRAME_BYTES, 4096), 4, 16, 50, 8, MAX_UPLOAD, report), registry);
        origin = "http://127.0.0.1:" + gateway.port();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (classifier != null) {
            classifier.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void liveFramesGetPredictionsWithBoxesOnTheFaces() throws Exception {
        try (LiveClient live = LiveClient.connect(gateway.port(), "127.0.0.1", origin)) {
            JsonNode hello = live.next(WAIT);
            assertThat(hello.get("type").asText()).isEqualTo("hello");
            assertThat(hello.get("session").asText()).hasSize(36);
            assertThat(hello.get("maxInFlight").asInt()).isEqualTo(2);
            int found = 0;
            List<Double> roundTrips = new ArrayList<>();
            List<FaceScenes.Scene> sent = scenes.subList(0, 12);
            for (int seq = 0; seq < sent.size(); seq++) {
                long start = System.nanoTime();
                live.send(sent.get(seq).jpeg());
                JsonNode reply = live.next(WAIT);
                roundTrips.add((System.nanoTime() - start) / 1e6);
                assertThat(reply.get("type").asText()).as(reply.toString()).isEqualTo("prediction");
                assertThat(reply.get("seq").asLong()).isEqualTo(seq);
                assertThat(reply.get("width").asInt()).isEqualTo(640);
                assertThat(reply.get("height").asInt()).isEqualTo(480);
                assertThat(reply.get("model").get("name").asText()).isEqualTo(PeerModelCard.NAME);
                assertThat(reply.get("latencyMs").fieldNames()).toIterable()
                        .contains("queue", "decode", "detect", "classify", "total", "gateway");
                for (JsonNode face : reply.get("faces")) {
                    assertThat(ProtocolJson.CLASSES).contains(face.get("label").asText());
                    assertThat(face.get("probabilities")).hasSize(7);
                    assertThat(face.get("landmarks")).hasSize(10);
                }
                FaceBox expected = sent.get(seq).face();
                if (boxes(reply).stream().anyMatch(b -> b.iou(expected) >= 0.5)) {
                    found++;
                }
            }
            System.out.printf("gateway IT live: %d/%d faces found (IoU >= 0.5); round trip per frame (client send -> reply) ms: %s%n",
                    found, sent.size(), roundTrips.stream().map(ms -> String.format("%.0f", ms)).toList());
            assertThat(found).isGreaterThanOrEqualTo(sent.size() - 1);
        }
    }

    @Test
    @Order(2)
    void uploadsOfJpegAndPngReturnPredictions() throws Exception {
        FaceScenes.Scene a = scenes.get(12);
        FaceScenes.Scene b = scenes.get(13);
        HttpResponse<String> response = upload(origin, Map.of("a.jpg", a.jpeg(), "b.png", b.png()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> results = results(response);
        assertThat(results).containsOnlyKeys("a.jpg", "b.png");
        for (Map.Entry<String, FaceScenes.Scene> upload : Map.of("a.jpg", a, "b.png", b).entrySet()) {
            JsonNode result = results.get(upload.getKey());
            assertThat(result.has("error")).as(result.toString()).isFalse();
            assertThat(result.get("width").asInt()).isEqualTo(640);
            assertThat(boxes(result)).anySatisfy(box -> assertThat(box.iou(upload.getValue().face())).isGreaterThanOrEqualTo(0.5));
            assertThat(result.get("faces").get(0).get("smoothed")).as("each image is its own session: nothing to smooth with")
                    .isEqualTo(result.get("faces").get(0).get("probabilities"));
        }
    }

    @Test
    @Order(3)
    void theApiTheReportTheAssetsHealthAndMetrics() throws Exception {
        publishRelease();
        JsonNode info = getJson("/api/info", 200);
        assertThat(info.get("classes")).hasSize(7);
        assertThat(info.get("maxUploadFiles").asInt()).isEqualTo(8);
        assertThat(info.get("reportAvailable").asBoolean()).isTrue();
        assertThat(info.get("model").get("version").asText()).isEqualTo(PeerModelCard.VERSION);

        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode models = getJson("/api/models", 200);
        while (models.get("releases").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            models = getJson("/api/models", 200);
        }
        assertThat(models.get("serving").get("name").asText()).isEqualTo(PeerModelCard.NAME);
        JsonNode release = models.get("releases").get(0);
        assertThat(release.get("version").asText()).isEqualTo("it-1");
        assertThat(release.get("testAccuracy").asDouble()).isEqualTo(0.61);
        assertThat(release.get("validationAccuracy").isNull()).isTrue();

        JsonNode report = getJson("/api/report", 200);
        assertThat(report.get("available").asBoolean()).isTrue();
        assertThat(report.get("url").asText()).isEqualTo("/report/report.html");
        assertThat(report.get("summary").toString()).isEqualTo("{\"published\":10,\"cleaned\":8,\"rejected\":2,\"run_id\":\"r1\"}");
        assertThat(get("/report/report.html").body()).contains("report");
        assertThat(get("/report/report.json").statusCode()).isEqualTo(200);
        for (String path : List.of("/report/secret.txt", "/report/../run/secret.txt", "/secret.txt", "/pom.xml", "/..%2Fpom.xml",
                "/io/ferstream/gateway/web/index.html", "/GatewayService.class", "/api/nothing")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isBetween(400, 404);
            assertThat(response.body()).as(path).doesNotContain("not served");
            assertThat(ProtocolJson.JSON.readTree(response.body()).get("message").asText()).as(path).endsWith(".");
        }
        assertThat(getJson("/nothing.js", 404).get("error").asText()).isEqualTo("not_found");
        assertThat(get("/").body()).contains("<title>FER stream: live emotions</title>").contains("src=\"/app.js\"");
        assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/index.html").headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(getJson("/health", 200).toString()).isEqualTo("{\"components\":{\"predictions\":\"UP\",\"models\":\"UP\"},\"status\":\"UP\"}");
        assertThat(get("/metrics").body()).contains("fer_gateway_frames_in_total").contains("fer_gateway_round_trip_seconds_bucket")
                .contains("fer_gateway_sessions").contains("fer_classifier_frames_total");
        HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/images")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    @Test
    @Order(4)
    void abuseIsRefusedAndTheServiceAndAnotherSessionKeepWorking() throws Exception {
        // uploads: each bad file its own sentence, the good one still classified
        byte[] oversize = Arrays.copyOf(scenes.get(14).jpeg(), GatewayConfig.MAX_FRAME_BYTES + 1);
        HttpResponse<String> mixed = upload(origin, Map.of("big.jpg", oversize, "text.jpg", "I am text".getBytes(StandardCharsets.UTF_8),
                "bomb.png", TestImages.pngDeclaring(50_000, 50_000), "good.jpg", scenes.get(14).jpeg()));
        assertThat(mixed.statusCode()).isEqualTo(200);
        Map<String, JsonNode> results = results(mixed);
        assertThat(results.get("big.jpg").get("error").asText()).contains("bytes; the limit is 1000000");
        assertThat(results.get("text.jpg").get("error").asText()).isEqualTo("This is not a JPEG or PNG image.");
        assertThat(results.get("bomb.png").get("error").asText()).isEqualTo("The image size 50000x50000 exceeds the limit of 4096x4096.");
        assertThat(results.get("good.jpg").get("faces")).isNotEmpty();

        byte[] tooMuch = new byte[(int) MAX_UPLOAD + 1];
        new Random(3).nextBytes(tooMuch);
        assertRefused(upload(origin, Map.of("huge.jpg", tooMuch)), 413, "too_large");
        assertRefused(upload("http://evil.example", Map.of("a.jpg", scenes.get(0).jpeg())), 403, "origin");
        assertRefused(HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/images")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString()), 400, "bad_request");

        assertThatThrownBy(() -> LiveClient.connect(gateway.port(), "127.0.0.1", "http://evil.example"))
                .hasCauseInstanceOf(UpgradeException.class).hasMessageContaining("403 Forbidden");

        // the flood comes from an address of its own, so its bucket is full whatever the other tests spent:
        // the first frames pass the rate limit and meet the in-flight bound, the rest meet the rate limit
        try (LiveClient flood = LiveClient.connect(gateway.port(), "127.0.0.3", origin);
             LiveClient other = LiveClient.connect(gateway.port(), "127.0.0.2", origin)) {
            flood.next(WAIT);
            other.next(WAIT);
            flood.send("not an image".getBytes(StandardCharsets.UTF_8));
            flood.send(TestImages.pngDeclaring(50_000, 50_000));
            assertThat(flood.next(WAIT).toString()).isEqualTo("{\"type\":\"refused\",\"seq\":0,\"error\":\"This is not a JPEG or PNG image.\"}");
            assertThat(flood.next(WAIT).get("error").asText()).contains("50000x50000");

            byte[] frame = scenes.get(15).jpeg();
            int flooded = 80;
            for (int i = 0; i < flooded; i++) {
                flood.send(frame);
            }
            Map<String, Integer> kinds = new HashMap<>();
            Set<Long> seqs = new java.util.HashSet<>();
            for (int i = 0; i < flooded; i++) {
                JsonNode reply = flood.next(WAIT);
                assertThat(seqs.add(reply.get("seq").asLong())).as("one reply per frame").isTrue();
                String kind = reply.get("type").asText() + (reply.has("reason") ? "/" + reply.get("reason").asText() : "");
                kinds.merge(kind, 1, Integer::sum);
                if (i == 0) { // the other client, with a rate limit of its own, is served during the flood
                    other.send(frame);
                    assertThat(other.next(WAIT).get("type").asText()).isEqualTo("prediction");
                }
            }
            System.out.println("gateway IT flood of " + flooded + " frames at once: " + kinds);
            assertThat(seqs).hasSize(flooded).allMatch(seq -> seq >= 2 && seq < flooded + 2);
            assertThat(kinds).containsKeys("dropped/rate_limited", "dropped/in_flight");
            assertThat(kinds.getOrDefault("prediction", 0)).isBetween(1, 16);

            Thread.sleep(1000); // the flooding client's bucket refills
            flood.send(frame);
            assertThat(flood.next(WAIT).get("type").asText()).isEqualTo("prediction");
        }
        assertThat(getJson("/health", 200).get("status").asText()).isEqualTo("UP");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("fer_gateway_refused_total{reason=\"origin\"} 2.0")
                .contains("fer_gateway_refused_total{reason=\"not_an_image\"} 2.0")
                .contains("fer_gateway_refused_total{reason=\"too_many_pixels\"} 2.0");
        assertThat(classifier.isHealthy()).isTrue();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = ProtocolJson.JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).endsWith(".");
    }

    private static void publishRelease() throws Exception {
        var serdeConfig = platform.connection().serdeConfig();
        ModelRelease release = ModelRelease.newBuilder().setName("seed").setVersion("it-1").setLocation("file:///nowhere/model.onnx")
                .setSha256("0".repeat(64)).setCard("{}").setMetrics(Map.of("test_accuracy", 0.61)).setReleasedAt(Instant.now()).build();
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers()), Topics.MODELS.keySerde().serializer(),
                Topics.MODELS.valueSerde(SchemaRegistryClients.forConfig(serdeConfig), serdeConfig).serializer())) {
            producer.send(new ProducerRecord<>(Topics.MODELS.name(), release.getName(), release)).get();
        }
    }

    private static List<FaceBox> boxes(JsonNode reply) {
        List<FaceBox> boxes = new ArrayList<>();
        for (JsonNode face : reply.get("faces")) {
            JsonNode b = face.get("box");
            boxes.add(new FaceBox(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()));
        }
        return boxes;
    }

    private static Map<String, JsonNode> results(HttpResponse<String> response) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode result : ProtocolJson.JSON.readTree(response.body()).get("results")) {
            byName.put(result.get("name").asText(), result);
        }
        return byName;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(origin + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return ProtocolJson.JSON.readTree(response.body());
    }

    /** POST /api/images, multipart/form-data, every file in the field "image". */
    private static HttpResponse<String> upload(String from, Map<String, byte[]> files) throws Exception {
        String boundary = "fer-it-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file.getValue());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/images")).header("Origin", from)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
