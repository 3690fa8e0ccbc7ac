package io.ferstream.fetcher.kaggle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a dataset archive through Kaggle's public REST API ({@code GET
 * <base>/api/v1/datasets/download/<owner>/<name>}, HTTP Basic auth with the API user name and key),
 * with {@code java.net.http}: no Kaggle CLI, no Python.
 *
 * <ul>
 *   <li><b>Redirects</b> are followed here (up to {@value #MAX_REDIRECTS}), not by the HTTP client:
 *       the {@code Authorization} header goes only to the base URL's own origin, never to the storage
 *       host Kaggle redirects to (whose signed URL needs none).</li>
 *   <li><b>Resumable:</b> bytes go to a {@code .part} file; when it exists the request asks for
 *       {@code Range: bytes=<size>-}. A 206 whose {@code Content-Range} starts there is appended; a 200
 *       (the server ignored the range) restarts the file. A connection dropped mid-body is retried
 *       from where it stopped, up to {@link Options#maxAttempts()} times; a later run resumes too.</li>
 *   <li><b>Errors</b> say what to do: 401 bad credentials, 403 accept the dataset's terms on its page,
 *       404 no such dataset, no network → download by hand.</li>
 * </ul>
 */
public final class KaggleClient {

    public static final URI DEFAULT_BASE_URL = URI.create("https://www.kaggle.com");
    static final int MAX_REDIRECTS = 10;

    private static final Logger log = LoggerFactory.getLogger(KaggleClient.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** Retry policy and timeouts. */
    public record Options(int maxAttempts, Duration retryDelay, Duration connectTimeout, Duration progressEvery) {
        public Options {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
        }

        public static Options defaults() {
            return new Options(5, Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(5));
        }
    }

    private final URI baseUrl;
    private final KaggleCredentials credentials;
    private final HttpClient http;
    private final Options options;

    public KaggleClient(URI baseUrl, KaggleCredentials credentials, Options options) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.options = Objects.requireNonNull(options, "options");
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .build();
    }

    /** The download URL of a dataset. */
    public URI downloadUri(String kaggleId) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v1/datasets/download/" + kaggleId);
    }

    /**
     * Downloads the dataset's archive into {@code partFile}, resuming what is already there, and
     * returns its size once complete.
     */
    public long download(String kaggleId, Path partFile) throws KaggleException {
        URI uri = downloadUri(kaggleId);
        int failures = 0;
        String lastProblem = null;
        while (true) {
            if (failures >= options.maxAttempts()) {
                throw new KaggleException("Download of " + kaggleId + " failed " + failures + " times (last: "
                        + lastProblem + "); " + Math.max(0, size(partFile)) + " bytes are kept in " + partFile
                        + ", run the same command again to resume. " + manualAlternative(kaggleId));
            }
            if (failures > 0) {
                sleep(options.retryDelay().multipliedBy(failures));
            }
            long have = Math.max(0, size(partFile));
            HttpResponse<InputStream> response;
            try {
                response = send(uri, have);
            } catch (ConnectException | UnknownHostException | HttpTimeoutException e) {
                failures++;
                lastProblem = "cannot reach " + uri.getHost() + ": " + e;
                if (failures >= Math.min(2, options.maxAttempts())) {
                    throw new KaggleException("Cannot reach " + uri.getScheme() + "://" + uri.getAuthority()
                            + " (" + e + "): no network? " + manualAlternative(kaggleId), e);
                }
                continue;
            } catch (IOException e) {
                failures++;
                lastProblem = e.toString();
                continue;
            }
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                long total;
                boolean append;
                switch (status) {
                    case 200 -> {
                        total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                        append = false;
                        if (have > 0) {
                            log.info("Server ignored the resume request for {}; downloading from the start", kaggleId);
                        }
                    }
                    case 206 -> {
                        Optional<String> range = response.headers().firstValue("Content-Range");
                        Matcher m = CONTENT_RANGE.matcher(range.orElse(""));
                        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                            // Not the range we asked for: start over.
                            Files.deleteIfExists(partFile);
                            failures++;
                            lastProblem = "unexpected Content-Range '" + range.orElse("") + "' for a resume at " + have;
                            continue;
                        }
                        total = "*".equals(m.group(3)) ? -1 : Long.parseLong(m.group(3));
                        append = true;
                        log.info("Resuming the download of {} at {} bytes", kaggleId, have);
                    }
                    case 416 -> {
                        if (have > 0 && isZip(partFile)) {
                            return have;
                        }
                        Files.deleteIfExists(partFile);
                        failures++;
                        lastProblem = "HTTP 416 for a resume at " + have;
                        continue;
                    }
                    case 401 -> throw new KaggleException("Kaggle refused the credentials of user '"
                            + credentials.username() + "' (from " + credentials.origin() + ") with HTTP 401: check the"
                            + " user name and key, or create a new token at https://www.kaggle.com/settings (API).");
                    case 403 -> throw new KaggleException("Kaggle denied access to " + kaggleId + " (HTTP 403): open "
                            + webPage(kaggleId) + ", sign in and accept the dataset's terms/rules, then run again.");
                    case 404 -> throw new KaggleException("Kaggle has no dataset " + kaggleId + " (HTTP 404): check"
                            + " the id (" + webPage(kaggleId) + ").");
                    default -> {
                        if (status == 429 || status >= 500) {
                            failures++;
                            lastProblem = "HTTP " + status;
                            continue;
                        }
                        throw new KaggleException("Unexpected HTTP " + status + " from " + uri.getHost()
                                + " for " + kaggleId + ". " + manualAlternative(kaggleId));
                    }
                }
                long written = copy(body, partFile, append, have, total, kaggleId);
                if (total >= 0 && written != total) {
                    failures++;
                    lastProblem = "connection closed after " + written + " of " + total + " bytes";
                    continue;
                }
                return written;
            } catch (IOException e) {
                failures++;
                lastProblem = "connection dropped after " + Math.max(0, size(partFile)) + " bytes: " + e.getMessage();
                log.warn("Download of {} interrupted ({}); resuming", kaggleId, lastProblem);
            }
        }
    }

    private HttpResponse<InputStream> send(URI uri, long rangeFrom) throws IOException, KaggleException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET()
                    .header("User-Agent", "fer-fetcher (java.net.http)");
            if (sameOrigin(current, baseUrl)) {
                request.header("Authorization", credentials.basicAuthorization());
            }
            if (rangeFrom > 0) {
                request.header("Range", "bytes=" + rangeFrom + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                Optional<String> location = response.headers().firstValue("Location");
                response.body().close();
                if (location.isEmpty()) {
                    throw new KaggleException("HTTP " + status + " redirect without a Location from " + current.getHost());
                }
                current = current.resolve(location.get());
                continue;
            }
            return response;
        }
        throw new KaggleException("More than " + MAX_REDIRECTS + " redirects downloading from " + uri.getHost());
    }

    private long copy(InputStream body, Path partFile, boolean append, long have, long total, String kaggleId)
            throws IOException {
        Files.createDirectories(partFile.toAbsolutePath().getParent());
        long written = append ? have : 0;
        long nextLog = System.nanoTime() + options.progressEvery().toNanos();
        try (OutputStream out = Files.newOutputStream(partFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                written += n;
                if (System.nanoTime() > nextLog) {
                    log.info("Downloading {}: {} MB{}", kaggleId, written / 1_000_000,
                            total > 0 ? " of " + total / 1_000_000 + " MB" : "");
                    nextLog = System.nanoTime() + options.progressEvery().toNanos();
                }
            }
        }
        return written;
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static String webPage(String kaggleId) {
        return "https://www.kaggle.com/datasets/" + kaggleId;
    }

    /** The hand-download route, for messages. */
    public static String manualAlternative(String kaggleId) {
        return "Alternatively download it by hand from " + webPage(kaggleId)
                + ", unzip it and run: fer fetch --source <unzipped folder>";
    }

    private static boolean isZip(Path file) {
        try {
            SafeZip.verify(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
