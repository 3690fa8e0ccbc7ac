package io.ferstream.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.vision.frames.FrameLimits;
import picocli.CommandLine.Option;

/** The gateway's flags, shared by {@code fer gateway}, {@code fer serve} and {@code fer run --serve}. */
public final class GatewayOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Where the page and its API listen; 0.0.0.0 for every interface. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "Another origin (http(s)://host[:port]) whose pages may open the live socket and upload; repeatable. "
                    + "Default: only the gateway's own.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--max-in-flight", defaultValue = "2",
            description = "Frames of a session waiting for a prediction; more are dropped, never queued. Default: ${DEFAULT-VALUE}.")
    int maxInFlight;

    @Option(names = "--reply-timeout-ms", defaultValue = "2000",
            description = "A frame without a prediction after this is answered dropped/timeout. Default: ${DEFAULT-VALUE}.")
    long replyTimeoutMs;

    @Option(names = "--max-frame-bytes", defaultValue = "1000000",
            description = "Largest image accepted, in bytes (at most 1000000: a frame is one Kafka record). Default: ${DEFAULT-VALUE}.")
    int maxFrameBytes;

    @Option(names = "--max-frame-side", defaultValue = "4096",
            description = "Largest width or height accepted, read from the image's header before decoding. Default: ${DEFAULT-VALUE}.")
    int maxFrameSide;

    @Option(names = "--rate-limit-fps", defaultValue = "15",
            description = "Frames and uploaded images per second per client address. Default: ${DEFAULT-VALUE}.")
    double rateLimitFps;

    @Option(names = "--rate-limit-burst", defaultValue = "30",
            description = "How many a client may send at once after a quiet spell. Default: ${DEFAULT-VALUE}.")
    int rateLimitBurst;

    @Option(names = "--max-sessions", defaultValue = "200",
            description = "Live sockets plus images being classified at once; more are refused (503). Default: ${DEFAULT-VALUE}.")
    int maxSessions;

    @Option(names = "--max-upload-files", defaultValue = "16", description = "Images in one upload. Default: ${DEFAULT-VALUE}.")
    int maxUploadFiles;

    @Option(names = "--max-upload-bytes", defaultValue = "16777216",
            description = "Largest upload request, in bytes. Default: ${DEFAULT-VALUE}.")
    long maxUploadBytes;

    public GatewayConfig toConfig(ConnectionConfig connection, Path reportDir) {
        if (maxFrameBytes < 1) {
            throw new InvalidConfigException("max-frame-bytes", maxFrameBytes, "must be positive");
        }
        if (maxFrameSide < 1) {
            throw new InvalidConfigException("max-frame-side", maxFrameSide, "must be positive");
        }
        return new GatewayConfig(connection, host, port, Set.copyOf(allowedOrigins), maxInFlight, Duration.ofMillis(replyTimeoutMs),
                new FrameLimits(maxFrameBytes, maxFrameSide), rateLimitFps, rateLimitBurst, maxSessions, maxUploadFiles, maxUploadBytes, reportDir);
    }
}
