package io.ferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.registry.SchemaRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean services jar ({@code fer-linux-x86_64.jar}, built by {@code package}): what a service container
 * runs. It must stay ≤ 100 MB, hold the Linux x86-64 natives the services load and nothing else, serve the
 * stage and classifier commands against a cluster as separate processes, and refuse the commands it cannot
 * run (training, the embedded broker) with what to do instead.
 */
class LeanJarIT {

    private static final Path JAR = Path.of("target", "fer-linux-x86_64.jar");
    private static final long LIMIT_BYTES = 100_000_000L;
    private static final int IMAGES = 40;

    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryServer registry;
    private final List<Process> services = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startCluster() {
        assertThat(JAR).as("built by mvn package before the integration tests").isRegularFile();
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
        registry = SchemaRegistryServer.start(SchemaRegistryServer.Config.of(broker.bootstrapServers()).withPort(0));
    }

    @AfterAll
    static void stopCluster() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopServices() throws InterruptedException {
        for (Process p : services) {
            p.destroy();
        }
        for (Process p : services) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void isAtMostOneHundredMegabytesAndCarriesOnlyLinuxX64NativesAndNoTrainingOrBroker() throws IOException {
        long size = Files.size(JAR);
        System.out.printf("FIGURE lean services jar: %,d bytes (full fer.jar: %,d bytes)%n", size,
                Files.size(JAR.resolveSibling("fer.jar")));
        assertThat(size).isLessThanOrEqualTo(LIMIT_BYTES);
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.startsWith("pytorch/") || n.startsWith("jnilib/")
                    || n.startsWith("ai/djl/pytorch/") || n.startsWith("kafka/server/") || n.startsWith("scala/"));
            assertThat(names).noneMatch(n -> n.matches("(?i).*\\.(dll|dylib|jnilib)$"));
            assertThat(names).noneMatch(n -> n.startsWith("nu/pattern/opencv/") && n.endsWith(".so")
                    && !n.startsWith("nu/pattern/opencv/linux/x86_64/"));
            assertThat(names).contains("nu/pattern/opencv/linux/x86_64/libopencv_java490.so",
                    "ai/onnxruntime/native/linux-x64/libonnxruntime.so", "librocksdbjni-linux64.so",
                    "io/ferstream/model/fer-classifier/model.onnx");
            assertThat(names).anyMatch(n -> n.startsWith("io/ferstream/model/") && n.contains("yunet") && n.endsWith(".onnx"));
        }
    }

    @Test
    void refusesTrainingAndTheEmbeddedBrokerWithWhatToDoInstead(@TempDir Path dir) throws Exception {
        Path csv = syntheticFer2013(dir, 3);
        Result train = run(dir, "train", "--data", csv.toString(), "--out", dir.resolve("m").toString());
        assertThat(train.exitCode()).isEqualTo(1);
        assertThat(train.output()).contains("PyTorch engine", "full jar").doesNotContain("NoClassDefFoundError");
        Result pipeline = run(dir, "run", "--source", csv.toString(), "--out", dir.resolve("out").toString());
        assertThat(pipeline.exitCode()).isEqualTo(1);
        assertThat(pipeline.output()).contains("no Kafka broker", "--bootstrap-servers", "full jar")
                .doesNotContain("NoClassDefFoundError");
    }

    @Test
    void servesTheStagesAndTheClassifierAsSeparateProcessesAgainstACluster(@TempDir Path dir) throws Exception {
        assertThat(run(dir, concat(new String[] {"topics"}, cluster())).exitCode()).isZero();
        Path csv = syntheticFer2013(dir, IMAGES);
        Result fetch = run(dir, concat(new String[] {"fetch", "--source", csv.toString(), "--run-id", "lean-1"}, cluster()));
        assertThat(fetch.exitCode()).as(fetch.output()).isZero();

        int quality = freePort();
        int faces = freePort();
        int classify = freePort();
        start(dir, "quality", quality);
        start(dir, "faces", faces);
        start(dir, "classify", classify);

        // Every image through quality (OpenCV's natives), and what it passed through YuNet (ONNX Runtime's).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        double qualityIn = 0;
        double facesIn = -1;
        double passed = 0;
        while (System.nanoTime() < deadline) {
            String q = metrics(quality);
            qualityIn = value(q, "fer_quality_images_in_total");
            passed = value(q, "fer_quality_images_passed_total");
            facesIn = value(metrics(faces), "fer_faces_images_in_total");
            if (qualityIn == IMAGES && passed > 0 && facesIn == passed) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(qualityIn).isEqualTo(IMAGES);
        assertThat(passed).isPositive();
        assertThat(facesIn).isEqualTo(passed);
        // The classifier loaded the shipped FER model and YuNet and is serving.
        assertThat(get(classify, "/health")).contains("\"status\":\"UP\"");
    }

    private String[] cluster() {
        return new String[] {"--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", registry.url()};
    }

    private void start(Path dir, String command, int metricsPort) throws IOException {
        String[] args = concat(new String[] {command, "--metrics-host", "127.0.0.1", "--metrics-port", String.valueOf(metricsPort)},
                cluster());
        Process p = process(dir, args).redirectOutput(dir.resolve(command + ".log").toFile()).start();
        services.add(p);
    }

    private record Result(int exitCode, String output) { }

    private Result run(Path dir, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "fer-", ".log");
        Process p = process(dir, args).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fer " + String.join(" ", args) + " did not end in 120 s: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static ProcessBuilder process(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    }

    private String metrics(int port) {
        try {
            return get(port, "/metrics");
        } catch (IOException | InterruptedException e) {
            return ""; // not listening yet
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a metric's samples in a Prometheus scrape; -1 when it has none. */
    static double value(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        double sum = -1;
        while (m.find()) {
            sum = Math.max(sum, 0) + Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** FER2013-format rows of textured gray images (no faces): enough for quality to pass some on to faces. */
    private static Path syntheticFer2013(Path dir, int rows) throws IOException {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("emotion,pixels,Usage\n");
        for (int r = 0; r < rows; r++) {
            StringBuilder pixels = new StringBuilder();
            for (int i = 0; i < 48 * 48; i++) {
                int x = i % 48;
                int y = i / 48;
                int v = 60 + (x * 2) + (y % 8 < 4 ? 40 : 0) + random.nextInt(30);
                pixels.append(i == 0 ? "" : " ").append(Math.min(255, v));
            }
            csv.append(r % 7).append(',').append(pixels).append(",Training\n");
        }
        return Files.writeString(dir.resolve("fer2013.csv"), csv.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
