package io.ferstream.fetcher.kaggle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipException;

import io.ferstream.fetcher.datasets.CompletionMarker;
import io.ferstream.fetcher.datasets.DatasetSpec;
import io.ferstream.fetcher.datasets.DatasetStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a registered dataset present under {@code <data-dir>/<key>/}: skip when it is complete (or
 * was copied there by hand) unless forced; otherwise download the archive from Kaggle (resuming a
 * {@code <key>.zip.part}), verify it is a zip, unzip it safely into {@code <key>.extracting/}, move that
 * to {@code <key>/} and write the {@link CompletionMarker}. The archive is deleted afterwards.
 */
public final class DatasetDownloader {

    private static final Logger log = LoggerFactory.getLogger(DatasetDownloader.class);

    /** What {@link #ensure} did. */
    public record Result(Path folder, boolean downloaded, DatasetStatus statusBefore) {
    }

    private final Path dataDir;
    private final URI baseUrl;
    private final Map<String, String> environment;
    private final Path home;
    private final KaggleClient.Options options;
    private final Clock clock;

    /**
     * @param environment where KAGGLE_USERNAME / KAGGLE_KEY / KAGGLE_CONFIG_DIR are looked up
     * @param home        the home folder holding {@code .kaggle/kaggle.json}
     */
    public DatasetDownloader(Path dataDir, URI baseUrl, Map<String, String> environment, Path home,
                             KaggleClient.Options options, Clock clock) {
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
        this.environment = Map.copyOf(environment);
        this.home = home;
        this.options = options;
        this.clock = clock;
    }

    public Result ensure(DatasetSpec spec, boolean force) throws KaggleException, IOException {
        Path folder = DatasetStatus.folder(dataDir, spec.key());
        DatasetStatus before = DatasetStatus.of(dataDir, spec.key());
        if (!force && before.usable()) {
            return new Result(folder, false, before);
        }
        if (spec.kaggleId() == null) {
            throw new KaggleException(spec.title() + " is not on Kaggle: " + spec.manualHint()
                    + ", or pass its folder with --source PATH.");
        }
        Optional<KaggleCredentials> credentials = KaggleCredentials.find(environment, home);
        if (credentials.isEmpty()) {
            throw new MissingKaggleCredentialsException(noCredentialsMessage(spec));
        }
        Files.createDirectories(dataDir);
        Path part = DatasetStatus.partFile(dataDir, spec.key());
        if (force && before.usable()) {
            Files.deleteIfExists(part);
        }
        log.info("Downloading {} ({}) into {} as {}", spec.key(), spec.kaggleId(), folder,
                credentials.get().username());
        long bytes = new KaggleClient(baseUrl, credentials.get(), options).download(spec.kaggleId(), part);
        Path archive = dataDir.resolve(spec.key() + ".zip");
        Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING);
        try {
            SafeZip.verify(archive);
        } catch (IOException e) {
            Files.deleteIfExists(archive);
            throw new KaggleException("The download of " + spec.kaggleId() + " is not a usable zip archive ("
                    + e.getMessage() + "); it was deleted. " + KaggleClient.manualAlternative(spec.kaggleId()), e);
        }
        String sha256 = sha256(archive);
        Path extracting = dataDir.resolve(spec.key() + ".extracting");
        deleteRecursively(extracting);
        int files;
        try {
            files = SafeZip.extract(archive, extracting);
        } catch (ZipException e) {
            deleteRecursively(extracting);
            Files.deleteIfExists(archive);
            throw new KaggleException("Refused the archive of " + spec.kaggleId() + ": " + e.getMessage(), e);
        }
        deleteRecursively(folder);
        Files.move(extracting, folder, StandardCopyOption.ATOMIC_MOVE);
        new CompletionMarker(spec.kaggleId(), bytes, sha256, files, clock.instant()).writeTo(folder);
        Files.deleteIfExists(archive);
        log.info("{} is complete: {} files in {}", spec.key(), files, folder);
        return new Result(folder, true, before);
    }

    /** The one message a user without credentials sees: how to configure them, or the manual route. */
    public static String noCredentialsMessage(DatasetSpec spec) {
        return "No Kaggle credentials found, so " + spec.key() + " cannot be downloaded. Either set KAGGLE_USERNAME"
                + " and KAGGLE_KEY, or save your API token (https://www.kaggle.com/settings > API > Create New Token)"
                + " as ~/.kaggle/kaggle.json (or $KAGGLE_CONFIG_DIR/kaggle.json) and run 'chmod 600' on it. "
                + KaggleClient.manualAlternative(spec.kaggleId());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
