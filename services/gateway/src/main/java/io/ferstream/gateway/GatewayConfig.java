package io.ferstream.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.vision.frames.FrameLimits;

/**
 * How one gateway runs; validated here, at start, with errors naming the flag.
 *
 * @param connection      the cluster and the schema registry
 * @param host            where the HTTP server listens
 * @param port            its port (0: any free one)
 * @param allowedOrigins  origins besides the gateway's own whose pages may open sockets and upload ({@code scheme://host[:port]})
 * @param maxInFlight     frames of one session waiting for a prediction; more are dropped ({@code in_flight}), never queued
 * @param replyTimeout    a frame without a prediction after this is answered {@code dropped/timeout}
 * @param frameLimits     the largest image accepted: bytes, pixels per side (checked from the header, before decoding)
 * @param rateLimitFps    frames and uploaded images per second per client (remote address)
 * @param rateLimitBurst  how many a client may send at once after a quiet spell
 * @param maxSessions     live sockets and images being classified at once
 * @param maxUploadFiles  images in one upload
 * @param maxUploadBytes  the whole upload request, in bytes
 * @param reportDir       the folder of the latest {@code fer run} report ({@code report.html}, {@code report.json}), or null
 */
public record GatewayConfig(ConnectionConfig connection, String host, int port, Set<String> allowedOrigins, int maxInFlight,
        Duration replyTimeout, FrameLimits frameLimits, double rateLimitFps, int rateLimitBurst, int maxSessions,
        int maxUploadFiles, long maxUploadBytes, Path reportDir) {

    /** A frame travels as one Kafka record; Kafka's default limit on a record is 1 MiB, with room left for the rest of the record. */
    public static final int MAX_FRAME_BYTES = 1_000_000;

    /** Clients whose rate-limit bucket is remembered; past this the one seen longest ago is forgotten. */
    static final int MAX_CLIENTS = 10_000;

    public GatewayConfig {
        Objects.requireNonNull(connection, "connection");
        if (host == null || host.isBlank()) {
            throw new InvalidConfigException("host", host, "must name an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidConfigException("port", port, "must be 0 (any) or a port");
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (OriginPolicy.normalize(origin) == null) {
                throw new InvalidConfigException("allowed-origin", origin, "must be an origin: http(s)://host[:port]");
            }
        }
        if (maxInFlight < 1 || maxInFlight > 64) {
            throw new InvalidConfigException("max-in-flight", maxInFlight, "must be in 1..64");
        }
        if (replyTimeout == null || replyTimeout.toMillis() < 100) {
            throw new InvalidConfigException("reply-timeout-ms", replyTimeout == null ? null : replyTimeout.toMillis(),
                    "must be at least 100");
        }
        Objects.requireNonNull(frameLimits, "frameLimits");
        if (frameLimits.maxBytes() > MAX_FRAME_BYTES) {
            throw new InvalidConfigException("max-frame-bytes", frameLimits.maxBytes(), "must be at most " + MAX_FRAME_BYTES
                    + " (a frame is one Kafka record)");
        }
        if (!(rateLimitFps > 0 && rateLimitFps <= 1000)) {
            throw new InvalidConfigException("rate-limit-fps", rateLimitFps, "must be in (0, 1000]");
        }
        if (rateLimitBurst < 1) {
            throw new InvalidConfigException("rate-limit-burst", rateLimitBurst, "must be at least 1");
        }
        if (maxSessions < 1) {
            throw new InvalidConfigException("max-sessions", maxSessions, "must be at least 1");
        }
        if (maxUploadFiles < 1 || maxUploadFiles > rateLimitBurst) {
            throw new InvalidConfigException("max-upload-files", maxUploadFiles, "must be in 1..rate-limit-burst (" + rateLimitBurst
                    + "): each image of an upload costs one token");
        }
        if (maxUploadBytes < frameLimits.maxBytes()) {
            throw new InvalidConfigException("max-upload-bytes", maxUploadBytes, "must be at least max-frame-bytes ("
                    + frameLimits.maxBytes() + ")");
        }
        if (reportDir != null && !Files.isDirectory(reportDir)) {
            throw new InvalidConfigException("report-dir", reportDir, "no such folder");
        }
    }

    /** The defaults behind the flags: 127.0.0.1:8080, 2 in flight, 2 s timeout, 15 frames/s (burst 30) per client. */
    public static GatewayConfig defaults(ConnectionConfig connection) {
        return new GatewayConfig(connection, "127.0.0.1", 8080, Set.of(), 2, Duration.ofSeconds(2),
                new FrameLimits(MAX_FRAME_BYTES, 4096), 15, 30, 200, 16, 16L << 20, null);
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(connection, host, newPort, allowedOrigins, maxInFlight, replyTimeout, frameLimits, rateLimitFps,
                rateLimitBurst, maxSessions, maxUploadFiles, maxUploadBytes, reportDir);
    }

    public GatewayConfig withReportDir(Path dir) {
        return new GatewayConfig(connection, host, port, allowedOrigins, maxInFlight, replyTimeout, frameLimits, rateLimitFps,
                rateLimitBurst, maxSessions, maxUploadFiles, maxUploadBytes, dir);
    }

    public GatewayConfig withReplyTimeout(Duration timeout) {
        return new GatewayConfig(connection, host, port, allowedOrigins, maxInFlight, timeout, frameLimits, rateLimitFps,
                rateLimitBurst, maxSessions, maxUploadFiles, maxUploadBytes, reportDir);
    }
}
