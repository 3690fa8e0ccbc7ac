package io.ferstream.gateway;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a browser request comes from the gateway's own page: its {@code Origin} must name the host and
 * port the request was sent to ({@code Host}), or be one of the allowed origins. This keeps another site
 * open in the same browser from using the camera stream or uploads (cross-site WebSocket hijacking).
 * A request without {@code Origin} is not from a browser page and is allowed: it could set any header.
 */
final class OriginPolicy {

    private final Set<String> allowed;

    /** {@code allowed}: origins as {@code scheme://host[:port]}, compared after {@link #normalize}. */
    OriginPolicy(Set<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    boolean allows(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (normalized == null) {
            return false;
        }
        if (allowed.contains(normalized)) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        String scheme = normalized.substring(0, normalized.indexOf(':'));
        return normalized.equals(normalize(scheme + "://" + hostHeader));
    }

    /** {@code scheme://host:port} in lower case with the scheme's default port made explicit; null when not an origin. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath())) {
                return null;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
