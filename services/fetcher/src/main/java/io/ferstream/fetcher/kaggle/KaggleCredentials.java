package io.ferstream.fetcher.kaggle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Kaggle API user name and key. {@link #toString()} masks the key, so logging a credentials
 * object (or an exception that mentions it) never leaks it.
 *
 * <p>Lookup order ({@link #find}): the environment variables {@code KAGGLE_USERNAME} and
 * {@code KAGGLE_KEY} (both set); else {@code $KAGGLE_CONFIG_DIR/kaggle.json}; else
 * {@code <home>/.kaggle/kaggle.json}. A kaggle.json that group or others may read is refused, as
 * the key in it is a password.
 */
public final class KaggleCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final String username;
    private final String key;
    private final String origin;

    public KaggleCredentials(String username, String key, String origin) {
        if (username == null || username.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("Kaggle user name and key must both be set (" + origin + ")");
        }
        this.username = username.strip();
        this.key = key.strip();
        this.origin = origin;
    }

    /**
     * Finds the credentials; empty when none is configured anywhere.
     *
     * @param environment the process environment (injectable for tests)
     * @param home        the user's home folder (injectable for tests)
     * @throws KaggleException when a kaggle.json exists but is unreadable, malformed or too open
     */
    public static Optional<KaggleCredentials> find(Map<String, String> environment, Path home) throws KaggleException {
        String user = environment.get("KAGGLE_USERNAME");
        String key = environment.get("KAGGLE_KEY");
        if (user != null && !user.isBlank() && key != null && !key.isBlank()) {
            return Optional.of(new KaggleCredentials(user, key, "KAGGLE_USERNAME/KAGGLE_KEY"));
        }
        String configDir = environment.get("KAGGLE_CONFIG_DIR");
        if (configDir != null && !configDir.isBlank()) {
            Path file = Path.of(configDir).resolve("kaggle.json");
            if (Files.exists(file)) {
                return Optional.of(fromFile(file));
            }
        }
        if (home != null) {
            Path file = home.resolve(".kaggle").resolve("kaggle.json");
            if (Files.exists(file)) {
                return Optional.of(fromFile(file));
            }
        }
        return Optional.empty();
    }

    /** Reads {@code {"username": ..., "key": ...}}, refusing a file readable by group or others. */
    public static KaggleCredentials fromFile(Path file) throws KaggleException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = posix.readAttributes().permissions();
            } catch (IOException e) {
                throw new KaggleException("Cannot read the permissions of " + file + ": " + e.getMessage(), e);
            }
            EnumSet<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : permissions) {
                if (TOO_OPEN.contains(p)) {
                    open.add(p);
                }
            }
            if (!open.isEmpty()) {
                throw new KaggleException(file + " holds your Kaggle API key but other users may access it ("
                        + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                        + "). Refusing to use it: run 'chmod 600 " + file + "' and try again.");
            }
        }
        JsonNode json;
        try {
            json = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The message of a JSON parse error may quote the file's text, i.e. the key: not included.
            throw new KaggleException("Cannot read " + file + " as JSON {\"username\": ..., \"key\": ...}", null);
        }
        String user = json == null ? null : json.path("username").asText(null);
        String key = json == null ? null : json.path("key").asText(null);
        if (user == null || user.isBlank() || key == null || key.isBlank()) {
            throw new KaggleException(file + " must hold {\"username\": ..., \"key\": ...}; download a fresh one from"
                    + " https://www.kaggle.com/settings (API, Create New Token)");
        }
        return new KaggleCredentials(user, key, file.toString());
    }

    public String username() {
        return username;
    }

    /** Where they came from (an env var pair or a file path), for messages. */
    public String origin() {
        return origin;
    }

    /** The value of an HTTP Basic {@code Authorization} header. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "KaggleCredentials[" + username + ", key=****, from " + origin + "]";
    }
}
