package io.ferstream.fetcher.kaggle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferstream.fetcher.datasets.CompletionMarker;
import io.ferstream.fetcher.datasets.DatasetLayout;
import io.ferstream.fetcher.datasets.DatasetSpec;
import io.ferstream.fetcher.datasets.DatasetStatus;
import io.ferstream.fetcher.fixtures.FerFixtures;
import io.ferstream.fetcher.source.LabelMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kaggle client and downloader against a local HTTP server that plays Kaggle's API: a good
 * archive, 401, 403, 404, a connection dropped mid-body (resumed with Range), a redirect to another
 * host, a server that ignores Range, an HTML page instead of a zip, and a zip-slip archive.
 */
class KaggleDownloadTest {

    private static final Map<String, String> CREDENTIALS = Map.of("KAGGLE_USERNAME", "tester", "KAGGLE_KEY", "k3y");
    private static final KaggleClient.Options FAST = new KaggleClient.Options(4, Duration.ofMillis(10),
            Duration.ofSeconds(5), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] archive = FerFixtures.zip(archiveEntries());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropCalls = new AtomicInteger();
    private final AtomicLong partSizeAtResume = new AtomicLong(-1);

    private static Map<String, byte[]> archiveEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train/angry/Training_1.png", FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        entries.put("test/happy/PublicTest_2.png", FerFixtures.grayPng(FerFixtures.pixels(2), 48, 48));
        // Enough bytes that half the archive is a real partial download.
        byte[] padding = new byte[200_000];
        new java.util.Random(7).nextBytes(padding);
        entries.put("notes/padding.bin", padding);
        return entries;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/datasets/download/", this::api);
        server.createContext("/storage/", exchange -> {
            record(exchange);
            serveRanged(exchange, archive);
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void api(HttpExchange exchange) throws IOException {
        record(exchange);
        String dataset = exchange.getRequestURI().getPath().substring("/api/v1/datasets/download/".length());
        if (!"Basic dGVzdGVyOmszeQ==".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"code\":401,\"message\":\"Unauthenticated\"}".getBytes());
            return;
        }
        switch (dataset) {
            case "owner/good" -> serveRanged(exchange, archive);
            case "owner/terms" -> send(exchange, 403, "{\"code\":403,\"message\":\"Permission denied\"}".getBytes());
            case "owner/drop" -> {
                if (dropCalls.getAndIncrement() == 0) {
                    exchange.sendResponseHeaders(200, archive.length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(archive, 0, archive.length / 2);
                    out.flush();
                    // Give the client time to store what arrived: bytes still buffered when the connection
                    // breaks are lost, so how many reach the .part file is up to the scheduler.
                    sleepQuietly(300);
                    throw new IllegalStateException("test: connection dropped mid-body");   // the server closes it
                }
                partSizeAtResume.set(Files.size(dir.resolve("data/drop.zip.part")));
                serveRanged(exchange, archive);
            }
            case "owner/redirect" -> {
                // "localhost" is another origin than the base URL's 127.0.0.1: no credentials may follow.
                exchange.getResponseHeaders().set("Location", "http://localhost:" + server.getAddress().getPort()
                        + "/storage/archive.zip?signature=abc");
                send(exchange, 302, new byte[0]);
            }
            case "owner/norange" -> send(exchange, 200, archive);
            case "owner/html" -> send(exchange, 200, "<html><body>Please sign in</body></html>".getBytes());
            case "owner/slip" -> send(exchange, 200, FerFixtures.zip(Map.of(
                    "train/angry/ok.png", FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48),
                    "../../evil.txt", "pwned".getBytes())));
            default -> send(exchange, 404, "{\"code\":404,\"message\":\"Not found\"}".getBytes());
        }
    }

    private void record(HttpExchange exchange) {
        requests.add(exchange.getRequestURI().getPath() + " range=" + exchange.getRequestHeaders().getFirst("Range")
                + " auth=" + (exchange.getRequestHeaders().getFirst("Authorization") != null));
    }

    private static void serveRanged(HttpExchange exchange, byte[] body) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.matches("bytes=\\d+-")) {
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
            return;
        }
        send(exchange, 200, body);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private DatasetDownloader downloader(Map<String, String> environment) {
        return new DatasetDownloader(dir.resolve("data"), base(), environment, dir.resolve("home"), FAST, Clock.systemUTC());
    }

    private static DatasetSpec spec(String key, String kaggleId) {
        return new DatasetSpec(key, key, kaggleId, DatasetLayout.MSAMBARE_FOLDERS, LabelMap.standard(), Map.of(), null, null);
    }

    @Test
    void downloadsVerifiesUnzipsAndMarksCompleteThenSkips() throws Exception {
        DatasetDownloader.Result result = downloader(CREDENTIALS).ensure(spec("good", "owner/good"), false);

        Path folder = dir.resolve("data/good");
        assertThat(result.downloaded()).isTrue();
        assertThat(result.folder()).isEqualTo(folder);
        assertThat(Files.readAllBytes(folder.resolve("train/angry/Training_1.png")))
                .isEqualTo(FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        assertThat(folder.resolve("test/happy/PublicTest_2.png")).exists();
        CompletionMarker marker = CompletionMarker.readFrom(folder).orElseThrow();
        assertThat(marker.kaggleId()).isEqualTo("owner/good");
        assertThat(marker.files()).isEqualTo(3);
        assertThat(marker.archiveBytes()).isEqualTo(archive.length);
        assertThat(DatasetStatus.of(dir.resolve("data"), "good")).isEqualTo(DatasetStatus.COMPLETE);
        assertThat(dir.resolve("data/good.zip")).doesNotExist();
        assertThat(dir.resolve("data/good.zip.part")).doesNotExist();

        // Complete: no request at all the second time; --force downloads again.
        int before = requests.size();
        assertThat(downloader(CREDENTIALS).ensure(spec("good", "owner/good"), false).downloaded()).isFalse();
        assertThat(requests).hasSize(before);
        assertThat(downloader(CREDENTIALS).ensure(spec("good", "owner/good"), true).downloaded()).isTrue();
        assertThat(requests).hasSize(before + 1);
    }

    @Test
    void aConnectionDroppedMidBodyIsResumedWithRange() throws Exception {
        downloader(CREDENTIALS).ensure(spec("drop", "owner/drop"), false);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).isEqualTo("/api/v1/datasets/download/owner/drop range=null auth=true");
        // The resume asks for exactly what the .part file holds, which is at most what was sent.
        long kept = partSizeAtResume.get();
        assertThat(kept).isBetween(1L, (long) archive.length / 2);
        assertThat(requests.get(1)).isEqualTo("/api/v1/datasets/download/owner/drop range=bytes=" + kept + "- auth=true");
        assertThat(Files.readAllBytes(dir.resolve("data/drop/train/angry/Training_1.png")))
                .isEqualTo(FerFixtures.grayPng(FerFixtures.pixels(1), 48, 48));
        assertThat(CompletionMarker.readFrom(dir.resolve("data/drop")).orElseThrow().archiveSha256())
                .isEqualTo(DatasetDownloader.sha256(writeArchive()));
    }

    @Test
    void aPartFileLeftByAnEarlierRunIsResumed() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/good.zip.part"), java.util.Arrays.copyOf(archive, 1000));
        assertThat(DatasetStatus.of(dir.resolve("data"), "good")).isEqualTo(DatasetStatus.PARTIAL);

        downloader(CREDENTIALS).ensure(spec("good", "owner/good"), false);
        assertThat(requests).containsExactly("/api/v1/datasets/download/owner/good range=bytes=1000- auth=true");
        assertThat(DatasetStatus.of(dir.resolve("data"), "good")).isEqualTo(DatasetStatus.COMPLETE);
    }

    @Test
    void aServerIgnoringRangeRestartsTheFile() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/norange.zip.part"), "garbage from before".getBytes());
        downloader(CREDENTIALS).ensure(spec("norange", "owner/norange"), false);
        assertThat(dir.resolve("data/norange/train/angry/Training_1.png")).exists();
    }

    @Test
    void redirectsAreFollowedWithoutSendingTheCredentialsToAnotherHost() throws Exception {
        downloader(CREDENTIALS).ensure(spec("redirect", "owner/redirect"), false);
        assertThat(requests).containsExactly(
                "/api/v1/datasets/download/owner/redirect range=null auth=true",
                "/storage/archive.zip range=null auth=false");
        assertThat(dir.resolve("data/redirect/test/happy/PublicTest_2.png")).exists();
    }

    @Test
    void clearErrorsFor401And403And404() {
        Map<String, String> wrong = Map.of("KAGGLE_USERNAME", "tester", "KAGGLE_KEY", "wrong");
        assertThatThrownBy(() -> downloader(wrong).ensure(spec("good", "owner/good"), false))
                .isInstanceOf(KaggleException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("tester").hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> downloader(CREDENTIALS).ensure(spec("terms", "owner/terms"), false))
                .isInstanceOf(KaggleException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("accept the dataset's terms")
                .hasMessageContaining("https://www.kaggle.com/datasets/owner/terms");
        assertThatThrownBy(() -> downloader(CREDENTIALS).ensure(spec("missing", "owner/missing"), false))
                .isInstanceOf(KaggleException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("no dataset owner/missing");
        assertThat(dir.resolve("data/good")).doesNotExist();
    }

    @Test
    void anHtmlPageInsteadOfAZipIsRefusedAndDeleted() {
        assertThatThrownBy(() -> downloader(CREDENTIALS).ensure(spec("html", "owner/html"), false))
                .isInstanceOf(KaggleException.class).hasMessageContaining("not a zip archive");
        assertThat(dir.resolve("data/html.zip")).doesNotExist();
        assertThat(dir.resolve("data/html")).doesNotExist();
    }

    @Test
    void aZipSlipArchiveIsRefusedWithNothingWritten() {
        assertThatThrownBy(() -> downloader(CREDENTIALS).ensure(spec("slip", "owner/slip"), false))
                .isInstanceOf(KaggleException.class).hasMessageContaining("../../evil.txt").hasMessageContaining("zip slip");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
        assertThat(dir.resolve("data/evil.txt")).doesNotExist();
        assertThat(dir.resolve("data/slip")).doesNotExist();
        assertThat(dir.resolve("data/slip.extracting")).doesNotExist();
    }

    @Test
    void withoutCredentialsOneMessageGivesBothWays() {
        assertThatThrownBy(() -> downloader(Map.of()).ensure(spec("good", "owner/good"), false))
                .isInstanceOf(KaggleException.class)
                .hasMessageContaining("No Kaggle credentials found")
                .hasMessageContaining("KAGGLE_USERNAME").hasMessageContaining("kaggle.json").hasMessageContaining("chmod 600")
                .hasMessageContaining("https://www.kaggle.com/datasets/owner/good")
                .hasMessageContaining("fer fetch --source");
        assertThat(requests).isEmpty();
    }

    @Test
    void noNetworkSaysSoAndGivesTheManualRoute() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatasetDownloader offline = new DatasetDownloader(dir.resolve("data"), URI.create("http://127.0.0.1:" + closedPort),
                CREDENTIALS, dir.resolve("home"), FAST, Clock.systemUTC());
        assertThatThrownBy(() -> offline.ensure(spec("good", "owner/good"), false))
                .isInstanceOf(KaggleException.class)
                .hasMessageContaining("Cannot reach").hasMessageContaining("fer fetch --source");
    }

    @Test
    void aDatasetThatIsNotOnKaggleNeedsTheManualRoute() {
        DatasetSpec kdef = new DatasetSpec("kdef", "KDEF", null, DatasetLayout.CLASS_FOLDERS, LabelMap.standard(), Map.of(),
                "request it at https://kdef.se", null);
        assertThatThrownBy(() -> downloader(CREDENTIALS).ensure(kdef, false))
                .isInstanceOf(KaggleException.class).hasMessageContaining("not on Kaggle").hasMessageContaining("--source");
    }

    private Path writeArchive() throws IOException {
        return Files.write(dir.resolve("expected.zip"), archive);
    }

    @SuppressWarnings("unused")
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
