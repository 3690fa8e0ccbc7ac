package io.ferstream.gateway;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's {@code fer_gateway_*} metrics: frames in and out, dropped by reason, refused by reason,
 * sessions open and the round trip (gateway receipt of a frame to its prediction sent back).
 */
final class GatewayMetrics {

    /** Why a frame got no prediction although it was an image (PROTOCOL.md: dropped). */
    enum Dropped {
        IN_FLIGHT, RATE_LIMITED, TIMEOUT;

        String reason() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a frame, an upload or a request was refused. */
    static final List<String> REFUSALS = List.of("not_an_image", "too_large", "too_many_pixels", "unreadable", "origin", "busy",
            "rate_limited", "bad_request");

    private final Counter framesIn;
    private final Counter framesOut;
    private final Map<Dropped, Counter> dropped = new EnumMap<>(Dropped.class);
    private final Map<String, Counter> refused = new HashMap<>();
    private final Counter unrouted;
    private final Timer roundTrip;

    GatewayMetrics(MeterRegistry registry, Supplier<Number> sessions) {
        framesIn = Counter.builder("fer_gateway_frames_in").description("Frames and uploaded images received").register(registry);
        framesOut = Counter.builder("fer_gateway_frames_out").description("Predictions sent back to a socket or an upload")
                .register(registry);
        for (Dropped reason : Dropped.values()) {
            dropped.put(reason, Counter.builder("fer_gateway_dropped").tag("reason", reason.reason())
                    .description("Frames answered dropped, by reason").register(registry));
        }
        for (String reason : REFUSALS) {
            refused.put(reason, Counter.builder("fer_gateway_refused").tag("reason", reason)
                    .description("Frames, uploads and requests refused, by reason").register(registry));
        }
        unrouted = Counter.builder("fer_gateway_predictions_unrouted")
                .description("Predictions for no frame waiting here: another instance's sessions, or answered by timeout already")
                .register(registry);
        roundTrip = Timer.builder("fer_gateway_round_trip").description("Frame received to its prediction sent back")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2))
                .register(registry);
        Gauge.builder("fer_gateway_sessions", sessions).description("Live sockets and images being classified").register(registry);
    }

    void frameIn() {
        framesIn.increment();
    }

    void predicted(long nanos) {
        framesOut.increment();
        roundTrip.record(Duration.ofNanos(nanos));
    }

    void dropped(Dropped reason) {
        dropped.get(reason).increment();
    }

    /** {@code reason}: one of {@link #REFUSALS}. */
    void refused(String reason) {
        refused.get(reason).increment();
    }

    void unrouted() {
        unrouted.increment();
    }
}
