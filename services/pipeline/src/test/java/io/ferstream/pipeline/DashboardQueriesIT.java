package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.classifier.DefaultModel;
import io.ferstream.classifier.bench.BenchFrames;
import io.ferstream.classifier.bench.SceneComposer;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.gateway.GatewayOptions;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.topics.Topics;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dashboard query check: a real Prometheus ({@code /usr/bin/prometheus}, 1 s scrapes) scrapes an
 * in-process {@code fer run} (a slice of real FER2013, with the shipped face detector and two broken rows
 * the fetcher dead-letters) and an in-process {@code fer serve} fed camera-like frames of real faces over
 * its WebSocket and labelled images for live accuracy. Then every PromQL expression of every panel of
 * every dashboard in {@code monitoring/grafana/dashboards}, every template variable and every alert rule
 * of {@code monitoring/prometheus/rules} is evaluated through Prometheus's HTTP API over the whole window
 * (step 1 s). A panel target fails when it does not evaluate, returns no series, or references no
 * {@code fer_/jvm_/kafka_/process_} metric present in the scrape; a panel that shows rates must be above 0
 * at some step (panels of faults, such as dead letters, drops and refusals, are exempt). Alerts fire only
 * under faults: they must evaluate (and Prometheus, which loads the rule files, must report them healthy)
 * and reference metrics present in the scrape; whether each fires now is printed.
 */
class DashboardQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code $__rate_interval} with 1 s scrapes: Grafana's 4 × scrape interval, rounded up. */
    private static final String RATE_INTERVAL = "5s";
    private static final Pattern METRIC = Pattern.compile("\\b(?:fer|jvm|kafka|process)_[a-zA-Z0-9_]+");
    private static final Pattern NAME_REGEX = Pattern.compile("__name__=~\"([^\"]+)\"");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z0-9_]+)\\s*,\\s*([a-zA-Z0-9_]+)\\s*\\)");
    /** Panels of faults: valid and present, but 0 in a healthy run is the right answer. */
    private static final List<String> FAULT_PANELS = List.of("dead letter", "dropped", "refused", "incomplete", "skipped");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyDashboardPanelAndAlertEvaluatesOnARealScrapeOfFerRunAndFerServe(@TempDir Path dir) throws Exception {
        Path prometheusBinary = prometheusOrSkip();
        Path repo = repositoryRoot();
        Path csvFile = Fer2013.csvOrSkip();
        Path slice = writeSlice(csvFile, dir.resolve("fer2013-slice.csv"));
        List<GrayImage> faces = Fer2013.read(csvFile, "PublicTest"::equals, 30).stream().map(Fer2013.Row::image).toList();
        List<Fer2013.Row> labelled = Fer2013.read(csvFile, "PublicTest"::equals, 80);
        List<byte[]> frames = new SceneComposer(SceneComposer.Background.NOISY, 110, 180, 19).compose(faces).stream()
                .map(scene -> BenchFrames.jpeg(scene.image())).toList();

        int runMetricsPort = freePort();
        int prometheusPort = freePort();
        GatewayOptions options = new GatewayOptions();
        new CommandLine(options).parseArgs("--port", "0");
        AtomicReference<ConnectionConfig> liveConnection = new AtomicReference<>();
        Process prometheus = null;
        Instant start = Instant.now();
        try (LiveStack stack = LiveStack.start(DefaultModel.resolve(null), connection -> {
            liveConnection.set(connection);
            return options.toConfig(connection, dir);
        })) {
            URI page = URI.create(stack.url());
            Path config = writePrometheusConfig(dir, repo, runMetricsPort, page.getHost() + ":" + page.getPort());
            prometheus = new ProcessBuilder(prometheusBinary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                    "--storage.tsdb.retention.time=1h", "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String api = "http://127.0.0.1:" + prometheusPort;
            awaitReady(api, prometheus, dir.resolve("prometheus.log"));
            start = Instant.now();

            // A trickle, as a pipeline publishes them, for as long as the run lasts: scored in one burst between
            // two scrapes (a starved machine delays the classifier's start), the counter would appear at its final
            // value and its rate panel never rise above 0.
            java.util.concurrent.atomic.AtomicBoolean feeding = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread labelledFeed = new Thread(() -> {
                try {
                    for (int i = 0; feeding.get(); i = (i + 4) % labelled.size()) {
                        sendLabelled(liveConnection.get(), labelled.subList(i, Math.min(labelled.size(), i + 4)));
                        Thread.sleep(250);
                    }
                } catch (Exception e) {
                    System.out.println("DashboardQueriesIT: labelled feed stopped: " + e);
                }
            }, "labelled-feed");
            labelledFeed.start();
            LiveFeed feed = LiveFeed.open(http, URI.create("ws://" + page.getHost() + ":" + page.getPort() + "/ws/live"), frames);
            int exit;
            try {
                Thread.sleep(3_000);
                // A long completion timeout only matters on a starved machine: a healthy run is decided as soon as
                // every image has arrived, and the embedder's and enhancer's panels need it decided.
                exit = new CommandLine(new RunCommand()).execute("--source", slice.toString(), "--out", dir.resolve("out").toString(),
                        "--metrics-port", Integer.toString(runMetricsPort), "--completion-timeout", "PT3M");
                Thread.sleep(3_000);
            } finally {
                feed.close();
                feeding.set(false);
                labelledFeed.join(60_000);
            }
            assertThat(exit).as("fer run's exit code").isZero();
            System.out.printf("DashboardQueriesIT: live feed sent %d frames, %d predictions back%n", feed.sent.get(), feed.replies.get());
            assertThat(feed.replies.get()).as("live predictions received").isPositive();
            Thread.sleep(2_000);
            Instant end = Instant.now();

            List<String> failures = check(api, repo, start, end);
            assertThat(failures).as("dashboard and alert queries that failed (see the lines above)").isEmpty();
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            System.out.printf("DashboardQueriesIT: %.0f s from the first scrape%n", Duration.between(start, Instant.now()).toMillis() / 1e3);
        }
    }

    // ---------------------------------------------------------------------------------------- the check

    private List<String> check(String api, Path repo, Instant start, Instant end) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        JsonNode nameValues = get(api + "/api/v1/label/__name__/values?start=" + start.getEpochSecond() + "&end=" + (end.getEpochSecond() + 1));
        nameValues.get("data").forEach(n -> names.add(n.asText()));
        System.out.printf("DashboardQueriesIT: %d metric names in the scrape (%d fer_, %d jvm_, %d kafka_, %d process_)%n", names.size(),
                count(names, "fer_"), count(names, "jvm_"), count(names, "kafka_"), count(names, "process_"));
        System.out.println("DashboardQueriesIT: fer_ names: " + names.stream().filter(n -> n.startsWith("fer_")).toList());

        List<String> failures = new ArrayList<>();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(repo.resolve("monitoring/grafana/dashboards"))) {
            dashboards = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).as("dashboards").isNotEmpty();
        int targets = 0;
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String title = dashboard.get("title").asText();
            for (JsonNode variable : dashboard.at("/templating/list")) {
                String query = variable.at("/query/query").asText(variable.path("query").asText());
                Matcher m = LABEL_VALUES.matcher(query);
                if (!m.find()) {
                    continue;
                }
                String expr = "count by (" + m.group(2) + ") (" + m.group(1) + "{" + m.group(2) + "!=\"\"})";
                Result r = queryRange(api, expr, start, end);
                String line = String.format(Locale.ROOT, "%s / variable $%s (%s) → %s", title, variable.get("name").asText(), query, r);
                System.out.println(line);
                if (r.error != null || r.series == 0) {
                    failures.add(line);
                }
            }
            for (JsonNode panel : panels(dashboard)) {
                if (!panel.has("targets")) {
                    continue;
                }
                String panelTitle = panel.get("title").asText();
                boolean rates = false;
                boolean aboveZero = false;
                List<String> panelFailures = new ArrayList<>();
                for (JsonNode target : panel.get("targets")) {
                    String raw = target.get("expr").asText();
                    String expr = substitute(raw, start, end);
                    targets++;
                    rates |= raw.contains("rate(") || raw.contains("increase(");
                    Result r = queryRange(api, expr, start, end);
                    aboveZero |= r.max > 0;
                    List<String> present = referencedPresent(expr, names);
                    String line = String.format(Locale.ROOT, "%s / %s / %s → %s", title, panelTitle, target.get("refId").asText(), r);
                    if (r.error != null) {
                        panelFailures.add(line + ": invalid");
                    } else if (r.series == 0) {
                        panelFailures.add(line + ": no series (" + expr + ")");
                    } else if (present.isEmpty()) {
                        panelFailures.add(line + ": references no fer_/jvm_/kafka_/process_ metric of the scrape (" + expr + ")");
                    }
                    System.out.println(line);
                }
                boolean exempt = FAULT_PANELS.stream().anyMatch(word -> panelTitle.toLowerCase(Locale.ROOT).contains(word));
                if (rates && !aboveZero && panelFailures.isEmpty()) {
                    String line = title + " / " + panelTitle + ": a rate panel that is never above 0";
                    if (exempt) {
                        System.out.println(line + " (a panel of faults: 0 is right in a healthy run)");
                    } else {
                        panelFailures.add(line);
                    }
                }
                panelFailures.forEach(System.out::println);
                failures.addAll(panelFailures);
            }
        }
        assertThat(targets).as("panel targets").isGreaterThan(20);
        failures.addAll(checkAlerts(api, names, start, end));
        System.out.printf("DashboardQueriesIT: %d dashboards, %d panel targets, %d failures%n", dashboards.size(), targets, failures.size());
        return failures;
    }

    /** The rules as Prometheus loaded them from monitoring/prometheus/rules (the generated config names that folder). */
    private List<String> checkAlerts(String api, Set<String> names, Instant start, Instant end) throws Exception {
        List<String> failures = new ArrayList<>();
        int alerts = 0;
        for (JsonNode group : get(api + "/api/v1/rules").at("/data/groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name = rule.get("name").asText();
                String expr = rule.get("query").asText().strip();
                String health = rule.path("health").asText() + (rule.path("lastError").asText().isEmpty() ? "" : " " + rule.path("lastError").asText());
                alerts++;
                Result r = queryRange(api, expr, start, end);
                List<String> present = referencedPresent(expr, names);
                boolean upOnly = METRIC.matcher(expr).results().findAny().isEmpty() && expr.matches("(?s).*\\bup\\b.*");
                String line = String.format(Locale.ROOT, "alert %s (%s) → %s, in Prometheus: %s, %s; fault-only: %s", name,
                        group.get("file").asText().replaceAll(".*/", ""), r, health, rule.path("state").asText(),
                        r.series > 0 ? "its expression returns series in this run" : "returns nothing in this healthy run");
                System.out.println(line);
                if (r.error != null) {
                    failures.add(line + ": invalid");
                } else if (health.startsWith("err")) {
                    failures.add(line + ": Prometheus cannot evaluate it");
                } else if (present.isEmpty() && !upOnly) {
                    failures.add(line + ": references no fer_/jvm_/kafka_/process_ metric of the scrape (" + expr + ")");
                }
            }
        }
        assertThat(alerts).as("alert rules loaded by Prometheus").isGreaterThanOrEqualTo(5);
        failures.forEach(System.out::println);
        return failures;
    }

    /** The metric names of {@code expr} (plain, or a {@code __name__=~} regex) that the scrape has. */
    private static List<String> referencedPresent(String expr, Set<String> names) {
        List<String> present = new ArrayList<>();
        METRIC.matcher(expr).results().map(java.util.regex.MatchResult::group).filter(names::contains).forEach(present::add);
        Matcher regex = NAME_REGEX.matcher(expr);
        while (regex.find()) {
            Pattern p = Pattern.compile(regex.group(1));
            names.stream().filter(n -> p.matcher(n).matches()).forEach(present::add);
        }
        return present;
    }

    /** Grafana's variables as the check evaluates them: rate interval 5 s, every template value (regex .*). */
    private static String substitute(String expr, Instant start, Instant end) {
        long range = Math.max(1, Duration.between(start, end).toSeconds());
        return expr.replace("$__rate_interval", RATE_INTERVAL).replace("${__rate_interval}", RATE_INTERVAL)
                .replace("$__interval", "1s").replace("${__interval}", "1s")
                .replace("$__range", range + "s").replace("${__range}", range + "s")
                .replaceAll("\\$\\{[a-zA-Z0-9_]+(:[a-z]+)?}", ".*").replaceAll("\\$[a-zA-Z][a-zA-Z0-9_]*", ".*");
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /** One expression over the window: series count, and the largest finite value at any step. */
    private record Result(int series, double max, String error) {
        @Override
        public String toString() {
            return error != null ? "ERROR " + error
                    : series + " series" + (Double.isInfinite(max) ? " (no finite value)" : String.format(Locale.ROOT, " (max %.4g)", max));
        }
    }

    private Result queryRange(String api, String expr, Instant start, Instant end) throws Exception {
        String url = api + "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&start=" + start.getEpochSecond()
                + "&end=" + (end.getEpochSecond() + 1) + "&step=1";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            return new Result(0, Double.NEGATIVE_INFINITY, body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        JsonNode result = body.at("/data/result");
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode series : result) {
            for (JsonNode point : series.path("values")) {
                double v = parse(point.get(1).asText());
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        return new Result(result.size(), max, null);
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN; // "NaN", "+Inf", "-Inf" are parsed by Java already; anything else is not a value
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long count(Set<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).count();
    }

    // ---------------------------------------------------------------------------------------- set-up

    /** Prometheus on this machine; under CI a missing one fails, elsewhere the test is skipped visibly. */
    private static Path prometheusOrSkip() {
        Optional<Path> found = Stream.of(System.getenv("PROMETHEUS"), "/usr/bin/prometheus", "/usr/local/bin/prometheus")
                .filter(s -> s != null && !s.isBlank()).map(Path::of).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = "prometheus not found (/usr/bin/prometheus: apt-get install prometheus, or PROMETHEUS=path)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI must have it");
        }
        System.out.println("SKIPPED: DashboardQueriesIT: " + message);
        Assumptions.assumeTrue(false, message);
        return null;
    }

    /** The repository root (the folder with monitoring/), from the module's working directory up. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("monitoring/grafana/dashboards")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("no monitoring/grafana/dashboards above " + Path.of("").toAbsolutePath());
    }

    /**
     * Every 25th Training row (800) and every 10th PublicTest and PrivateTest row (150 each) of the real
     * FER2013, in the CSV's own format, plus two broken rows the fetcher dead-letters.
     */
    private static Path writeSlice(Path csvFile, Path slice) throws IOException {
        List<Fer2013.Row> rows = new ArrayList<>();
        rows.addAll(every(Fer2013.read(csvFile, "Training"::equals, 20_000), 25, 800));
        rows.addAll(every(Fer2013.read(csvFile, "PublicTest"::equals, 1_500), 10, 150));
        rows.addAll(every(Fer2013.read(csvFile, "PrivateTest"::equals, 1_500), 10, 150));
        StringBuilder text = new StringBuilder("emotion,pixels,Usage\n");
        int n = 0;
        for (Fer2013.Row row : rows) {
            StringBuilder pixels = new StringBuilder(48 * 48 * 4);
            for (byte b : row.image().pixels()) {
                pixels.append(pixels.isEmpty() ? "" : " ").append(b & 0xff);
            }
            text.append(row.emotion()).append(',').append(pixels).append(',').append(row.usage()).append('\n');
            if (++n == 100) {
                text.append("9,1 2 3,Training\n");
            }
            if (n == 600) {
                text.append("3,not pixels,Training\n");
            }
        }
        Files.writeString(slice, text);
        return slice;
    }

    private static List<Fer2013.Row> every(List<Fer2013.Row> rows, int step, int most) {
        List<Fer2013.Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size() && out.size() < most; i += step) {
            out.add(rows.get(i));
        }
        return out;
    }

    private static Path writePrometheusConfig(Path dir, Path repo, int runPort, String serveHostPort) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s/*.yml
                scrape_configs:
                  - job_name: fer-run
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: fer-serve
                    static_configs:
                      - targets: ["%s"]
                """.formatted(repo.resolve("monitoring/prometheus/rules"), runPort, serveHostPort));
        return config;
    }

    private void awaitReady(String api, Process prometheus, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                Assertions.fail("prometheus exited with " + prometheus.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        Assertions.fail("prometheus not ready in 30 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Labelled images on the live stack's fer.images.cleaned, as the pipeline publishes them: the classifier's live accuracy. */
    private static void sendLabelled(ConnectionConfig connection, List<Fer2013.Row> rows) throws Exception {
        var serde = Topics.IMAGES_CLEANED.valueSerde(SchemaRegistryClients.forConfig(connection.serdeConfig()), connection.serdeConfig());
        String topic = Topics.IMAGES_CLEANED.name();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                connection.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (Fer2013.Row row : rows) {
                FaceImage image = FaceImage.newBuilder().setId("fer2013:" + row.index()).setRunId("dashboards").setDataset("fer2013")
                        .setSplit(Split.VALIDATION).setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8)
                        .setPixels(ByteBuffer.wrap(row.image().pixels())).setSource("fer2013.csv#" + row.index())
                        .setIngestTime(Instant.now()).setLabel(Emotion.values()[row.emotion()]).build();
                producer.send(new ProducerRecord<>(topic, image.getId(), serializeWithRetries(() -> serde.serializer().serialize(topic, image))));
            }
            producer.flush();
        }
    }

    /**
     * The first serialization registers the schema: on two loaded cores the embedded registry's write to
     * its topic can outlast the client's timeout, so it is tried again (registering is idempotent).
     */
    private static byte[] serializeWithRetries(java.util.function.Supplier<byte[]> serialize) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return serialize.get();
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
                System.out.println("DashboardQueriesIT: serializing a labelled image failed (" + e + "), again");
                Thread.sleep(2_000);
            }
        }
    }

    /**
     * A camera on {@code /ws/live}: a frame every 200 ms, cycling through the scenes, and once a
     * non-image (the gateway refuses it). The gateway drops what exceeds its in-flight bound.
     */
    private static final class LiveFeed implements WebSocket.Listener, AutoCloseable {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger replies = new AtomicInteger();
        private final Thread sender;
        private volatile boolean running = true;
        private volatile WebSocket socket;

        private final HttpClient http;
        private final URI uri;

        private LiveFeed(HttpClient http, URI uri, List<byte[]> frames) {
            this.http = http;
            this.uri = uri;
            sender = new Thread(() -> {
                Iterator<byte[]> next = null;
                while (running) {
                    if (next == null || !next.hasNext()) {
                        next = frames.iterator();
                    }
                    try {
                        byte[] frame = sent.get() == 5 ? "not an image".getBytes(StandardCharsets.UTF_8) : next.next();
                        socket.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
                        sent.incrementAndGet();
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.out.println("DashboardQueriesIT: live feed: " + e + "; opening a new socket");
                        try {
                            Thread.sleep(1_000);
                            socket = http.newWebSocketBuilder().buildAsync(uri, this).get(30, TimeUnit.SECONDS);
                        } catch (InterruptedException stop) {
                            return;
                        } catch (Exception again) {
                            System.out.println("DashboardQueriesIT: live feed stopped: " + again);
                            return;
                        }
                    }
                }
            }, "dashboard-it-live-feed");
            sender.setDaemon(true);
        }

        static LiveFeed open(HttpClient http, URI uri, List<byte[]> frames) throws Exception {
            LiveFeed feed = new LiveFeed(http, uri, frames);
            feed.socket = http.newWebSocketBuilder().buildAsync(uri, feed).get(30, TimeUnit.SECONDS);
            feed.sender.start();
            return feed;
        }

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                if (text.indexOf("\"type\":\"prediction\"") >= 0) {
                    replies.incrementAndGet();
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            running = false;
            try {
                sender.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null);
        }
    }
}
