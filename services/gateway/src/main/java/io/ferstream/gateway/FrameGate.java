package io.ferstream.gateway;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.ferstream.events.Frame;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Prediction;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's rules for frames, apart from Jetty and Kafka: the per-client rate limit, the image check
 * before anything is decoded, at most K frames in flight per session, and exactly one reply per frame
 * (its prediction, or dropped/refused at once, or dropped/timeout when no prediction came in time).
 * Frames leave through {@code sink} (Kafka in production), predictions come back through {@link #route}.
 */
final class FrameGate {

    private static final Logger log = LoggerFactory.getLogger(FrameGate.class);

    private final InFlightFrames<Replies> inFlight;
    private final RateLimiter rateLimiter;
    private final ImageCheck images;
    private final Consumer<Frame> sink;
    private final GatewayMetrics metrics;
    private final Duration replyTimeout;
    private final LongSupplier nanos;
    private final AtomicReference<ProtocolJson.ModelRef> serving = new AtomicReference<>();

    FrameGate(GatewayConfig config, Consumer<Frame> sink, MeterRegistry registry, LongSupplier nanos) {
        this.inFlight = new InFlightFrames<>(config.maxInFlight(), config.maxSessions(), nanos);
        this.rateLimiter = new RateLimiter(config.rateLimitFps(), config.rateLimitBurst(), GatewayConfig.MAX_CLIENTS, nanos);
        this.images = new ImageCheck(config.frameLimits());
        this.sink = sink;
        this.metrics = new GatewayMetrics(registry, inFlight::sessions);
        this.replyTimeout = config.replyTimeout();
        this.nanos = nanos;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    /** Takes {@code tokens} from the client's rate limit; false (and nothing taken) when it has fewer. */
    boolean allow(String client, int tokens) {
        return rateLimiter.tryAcquire(client, tokens);
    }

    boolean open(String sessionId, Replies replies) {
        return inFlight.open(sessionId, replies);
    }

    void close(String sessionId) {
        inFlight.close(sessionId);
    }

    int sessions() {
        return inFlight.sessions();
    }

    /** The model of the latest prediction seen (any session, any instance's), or null before the first. */
    ProtocolJson.ModelRef servingModel() {
        return serving.get();
    }

    /**
     * One frame of an open session; its one reply goes to {@code replies}, now (refused, dropped/in_flight) or
     * later (its prediction, or dropped/timeout). The caller applies the rate limit first.
     */
    void submit(String sessionId, long seq, byte[] bytes, Replies replies) {
        metrics.frameIn();
        ImageCheck.Accepted image;
        try {
            image = images.check(bytes);
        } catch (ImageCheck.Refused refusal) {
            metrics.refused(refusal.code());
            replies.refused(seq, refusal);
            return;
        }
        InFlightFrames.Admission admission = inFlight.admit(sessionId, seq, image.width(), image.height());
        if (admission != InFlightFrames.Admission.ADMITTED) {
            // a closed session has nobody to answer; a full one is told at once, never queued
            if (admission == InFlightFrames.Admission.IN_FLIGHT) {
                dropped(replies, seq, GatewayMetrics.Dropped.IN_FLIGHT);
            }
            return;
        }
        Instant now = Instant.now();
        Frame frame = Frame.newBuilder().setId(sessionId + "/" + seq).setSessionId(sessionId).setSequence(seq)
                .setWidth(image.width()).setHeight(image.height()).setEncoding(ImageEncoding.valueOf(image.encoding().name()))
                .setPixels(ByteBuffer.wrap(bytes)).setCapturedAt(now).setReceivedAt(now).setMetadata(Map.of()).build();
        try {
            sink.accept(frame);
        } catch (RuntimeException e) { // the frame stays in the books: its reply is dropped/timeout, the session goes on
            log.warn("frame {} not sent: {}", frame.getId(), e.toString());
        }
    }

    /** A prediction from {@code fer.predictions}: to the frame waiting for it here, if any. */
    void route(Prediction prediction) {
        serving.set(ProtocolJson.ModelRef.of(prediction));
        inFlight.complete(prediction.getSessionId(), prediction.getSequence()).ifPresentOrElse(frame -> {
            long elapsed = nanos.getAsLong() - frame.receivedNanos();
            frame.session().prediction(frame, prediction, elapsed);
            metrics.predicted(elapsed);
        }, metrics::unrouted);
    }

    /** Answers every frame that has waited longer than the reply timeout: so in-flight accounting never leaks. */
    void expire() {
        for (InFlightFrames.Pending<Replies> frame : inFlight.expire(replyTimeout)) {
            dropped(frame.session(), frame.seq(), GatewayMetrics.Dropped.TIMEOUT);
        }
    }

    /** Answers a frame the rate limit stopped. */
    void rateLimited(Replies replies, long seq) {
        metrics.frameIn();
        dropped(replies, seq, GatewayMetrics.Dropped.RATE_LIMITED);
    }

    private void dropped(Replies replies, long seq, GatewayMetrics.Dropped reason) {
        metrics.dropped(reason);
        replies.dropped(seq, reason);
    }
}
