package io.ferstream.classifier;

import java.time.Duration;
import java.util.Objects;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.vision.frames.FrameLimits;

/**
 * How one live classifier runs; validated here, at start, with errors naming the flag.
 *
 * @param connection       the cluster and the schema registry
 * @param groupId          consumer group; workers with the same id share the frames' partitions
 * @param maxFrameAge      a frame older than this when polled (now − capture time) is dropped, never served late
 * @param frameLimits      the largest frame decoded (bytes, pixels per side)
 * @param detectorSide     the frame's longer side is scaled to this for YuNet
 * @param faceScore        YuNet's score threshold
 * @param cropMargin       margin around the face box, as a share of its longer side, on each side
 * @param smoothing        per-session tracking and smoothing, or null for none
 * @param maxPollRecords   frames per poll: the micro-batch and the bound on frames held in memory
 * @param decodeThreads    frames of a poll decoded and searched for faces at once, each thread with its own detector
 * @param releases         which releases on {@code fer.models} to follow, or null to keep the starting model
 * @param accuracy         live accuracy on labelled images, or null for none
 * @param httpHost         where {@code /metrics} and {@code /health} listen
 * @param httpPort         their port: 0 any, -1 off
 */
public record ClassifierConfig(ConnectionConfig connection, String groupId, Duration maxFrameAge, FrameLimits frameLimits,
        int detectorSide, float faceScore, double cropMargin, Smoothing smoothing, int maxPollRecords, int decodeThreads, Releases releases,
        Accuracy accuracy, String httpHost, int httpPort) {

    /** Follow the releases of {@code modelName} on {@code fer.models}; null: the starting model's name. */
    public record Releases(String modelName) {
        public Releases {
            if (modelName != null && modelName.isBlank()) {
                throw new InvalidConfigException("model-name", modelName, "must not be blank; leave it out to follow the starting card's model");
            }
        }
    }

    /**
     * Per-session smoothing: {@code alpha} is the new frame's weight; tracks match at IoU {@code >= minIou};
     * at most {@code maxSessions} sessions are kept, each dropped after {@code idle} without a frame.
     */
    public record Smoothing(double alpha, double minIou, int maxSessions, Duration idle) {
        public Smoothing {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new InvalidConfigException("smoothing-alpha", alpha, "must be in (0, 1]; 1 means no smoothing");
            }
            if (!(minIou > 0 && minIou <= 1)) {
                throw new InvalidConfigException("track-min-iou", minIou, "must be in (0, 1]");
            }
            if (maxSessions < 1) {
                throw new InvalidConfigException("max-sessions", maxSessions, "must be at least 1");
            }
            if (idle == null || idle.toMillis() < 1) {
                throw new InvalidConfigException("session-idle-ms", idle == null ? null : idle.toMillis(), "must be at least 1");
            }
        }
    }

    /**
     * Live accuracy: labelled images of {@code labelledTopic} (null: the prefixed {@code fer.images.cleaned})
     * scored by the serving model, at most {@code maxImagesPerPoll} per model call.
     */
    public record Accuracy(String labelledTopic, int maxImagesPerPoll) {
        public Accuracy {
            if (labelledTopic != null && !labelledTopic.matches("[a-zA-Z0-9._-]+")) {
                throw new InvalidConfigException("labelled-topic", labelledTopic, "a topic name: letters, digits, '.', '_' and '-' only");
            }
            if (maxImagesPerPoll < 1 || maxImagesPerPoll > 1000) {
                throw new InvalidConfigException("accuracy-batch", maxImagesPerPoll, "must be in 1..1000");
            }
        }
    }

    public ClassifierConfig {
        Objects.requireNonNull(connection, "connection");
        if (groupId == null || !groupId.matches("[a-zA-Z0-9._-]+")) {
            throw new InvalidConfigException("group-id", groupId, "letters, digits, '.', '_' and '-' only");
        }
        if (maxFrameAge == null || maxFrameAge.toMillis() < 1) {
            throw new InvalidConfigException("max-frame-age-ms", maxFrameAge == null ? null : maxFrameAge.toMillis(),
                    "must be at least 1");
        }
        Objects.requireNonNull(frameLimits, "frameLimits");
        if (detectorSide < 64 || detectorSide > 4096) {
            throw new InvalidConfigException("detector-side", detectorSide, "must be in 64..4096");
        }
        if (!(faceScore > 0 && faceScore < 1)) {
            throw new InvalidConfigException("face-score", faceScore, "must be in (0, 1)");
        }
        if (!(cropMargin >= 0 && cropMargin <= 1)) {
            throw new InvalidConfigException("crop-margin", cropMargin, "must be in 0..1");
        }
        if (maxPollRecords < 1 || maxPollRecords > 1000) {
            throw new InvalidConfigException("max-poll-records", maxPollRecords, "must be in 1..1000");
        }
        if (decodeThreads < 1 || decodeThreads > 16) {
            throw new InvalidConfigException("decode-threads", decodeThreads, "must be in 1..16");
        }
        if (httpPort < -1 || httpPort > 65535) {
            throw new InvalidConfigException("metrics-port", httpPort, "must be -1 (off), 0 (any) or a port");
        }
    }

    /** The defaults behind the flags, for tests and embedding; smoothing on, releases of the starting model followed, live accuracy on. */
    public static ClassifierConfig defaults(ConnectionConfig connection) {
        return new ClassifierConfig(connection, "fer-classifier", Duration.ofMillis(500), FrameLimits.DEFAULT, 320, 0.5f, 0.1,
                new Smoothing(0.5, 0.3, 10_000, Duration.ofMinutes(2)), 16, 2, new Releases(null),
                new Accuracy(null, 32), "0.0.0.0", -1);
    }

    public ClassifierConfig withSmoothing(Smoothing s) {
        return new ClassifierConfig(connection, groupId, maxFrameAge, frameLimits, detectorSide, faceScore, cropMargin, s,
                maxPollRecords, decodeThreads, releases, accuracy, httpHost, httpPort);
    }

    public ClassifierConfig withMaxFrameAge(Duration age) {
        return new ClassifierConfig(connection, groupId, age, frameLimits, detectorSide, faceScore, cropMargin, smoothing,
                maxPollRecords, decodeThreads, releases, accuracy, httpHost, httpPort);
    }

    public ClassifierConfig withHttpPort(int port) {
        return new ClassifierConfig(connection, groupId, maxFrameAge, frameLimits, detectorSide, faceScore, cropMargin, smoothing,
                maxPollRecords, decodeThreads, releases, accuracy, httpHost, port);
    }

    public ClassifierConfig withMaxPollRecords(int records) {
        return new ClassifierConfig(connection, groupId, maxFrameAge, frameLimits, detectorSide, faceScore, cropMargin, smoothing,
                records, decodeThreads, releases, accuracy, httpHost, httpPort);
    }

    public ClassifierConfig withDetectorSide(int side) {
        return new ClassifierConfig(connection, groupId, maxFrameAge, frameLimits, side, faceScore, cropMargin, smoothing,
                maxPollRecords, decodeThreads, releases, accuracy, httpHost, httpPort);
    }

    public ClassifierConfig withGroupId(String group) {
        return new ClassifierConfig(connection, group, maxFrameAge, frameLimits, detectorSide, faceScore, cropMargin, smoothing,
                maxPollRecords, decodeThreads, releases, accuracy, httpHost, httpPort);
    }

    public ClassifierConfig withDecodeThreads(int threads) {
        return new ClassifierConfig(connection, groupId, maxFrameAge, frameLimits, detectorSide, faceScore, cropMargin, smoothing,
                maxPollRecords, threads, releases, accuracy, httpHost, httpPort);
    }

    public ClassifierConfig withCropMargin(double margin) {
        return new ClassifierConfig(connection, groupId, maxFrameAge, frameLimits, detectorSide, faceScore, margin, smoothing,
                maxPollRecords, decodeThreads, releases, accuracy, httpHost, httpPort);
    }
}
