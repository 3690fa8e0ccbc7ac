package io.ferstream.gateway;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which names the page's assets may have: lower-case letters, digits and '-', then one known extension.
 * No '/', '.' or '%' can pass, so a request names a resource of the page's classpath folder and nothing else.
 */
final class AssetNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private AssetNames() {
    }

    /** The content type of an allowed asset name; empty for any other name. */
    static Optional<String> contentType(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)));
    }
}
