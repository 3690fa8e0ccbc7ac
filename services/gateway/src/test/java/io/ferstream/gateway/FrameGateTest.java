package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.ferstream.events.Frame;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Prediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The gateway's frame rules without Jetty or Kafka: a list is the topic, predictions are routed by hand. */
class FrameGateTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Frame> sent = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FrameGate gate = new FrameGate(GatewayConfigTest.defaults(), sent::add, registry, now::get);
    private final List<String> replies = new ArrayList<>();
    private final Replies socket = new Replies() {
        @Override
        public void prediction(InFlightFrames.Pending<Replies> frame, Prediction prediction, long gatewayNanos) {
            replies.add("prediction " + frame.seq() + " " + frame.width() + "x" + frame.height() + " " + gatewayNanos / 1_000_000 + " ms");
        }

        @Override
        public void dropped(long seq, GatewayMetrics.Dropped reason) {
            replies.add("dropped " + seq + " " + reason.reason());
        }

        @Override
        public void refused(long seq, ImageCheck.Refused refusal) {
            replies.add("refused " + seq + " " + refusal.code());
        }
    };
    private final byte[] jpeg = TestImages.encoded("jpg", 64, 48);

    @Test
    void exactlyOneReplyPerFrame() {
        assertThat(gate.open("s", socket)).isTrue();
        gate.submit("s", 0, jpeg, socket);
        gate.submit("s", 1, jpeg, socket);
        gate.submit("s", 2, jpeg, socket);
        gate.submit("s", 3, "text".getBytes(StandardCharsets.UTF_8), socket);
        gate.submit("s", 4, TestImages.pngDeclaring(50_000, 50_000), socket);
        assertThat(sent).extracting(Frame::getSequence).containsExactly(0L, 1L);
        assertThat(sent.get(0).getSessionId()).isEqualTo("s");
        assertThat(sent.get(0).getEncoding()).isEqualTo(ImageEncoding.JPEG);
        assertThat(sent.get(0).getWidth()).isEqualTo(64);

        now.addAndGet(Duration.ofMillis(40).toNanos());
        gate.route(ProtocolJsonTest.prediction("s", 1, List.of()));
        gate.route(ProtocolJsonTest.prediction("s", 1, List.of()));
        gate.route(ProtocolJsonTest.prediction("another-instances-session", 0, List.of()));
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        gate.expire();
        gate.route(ProtocolJsonTest.prediction("s", 0, List.of()));

        assertThat(replies).containsExactly("dropped 2 in_flight", "refused 3 not_an_image", "refused 4 too_many_pixels",
                "prediction 1 64x48 40 ms", "dropped 0 timeout");
        assertThat(registry.get("fer_gateway_frames_in").counter().count()).isEqualTo(5);
        assertThat(registry.get("fer_gateway_frames_out").counter().count()).isEqualTo(1);
        assertThat(registry.get("fer_gateway_predictions_unrouted").counter().count()).isEqualTo(3);
        assertThat(registry.get("fer_gateway_dropped").tag("reason", "timeout").counter().count()).isEqualTo(1);
        assertThat(gate.servingModel()).isEqualTo(new ProtocolJson.ModelRef("peer", "v2"));
    }

    @Test
    void theRateLimitIsPerClient() {
        int burst = GatewayConfigTest.defaults().rateLimitBurst();
        for (int i = 0; i < burst; i++) {
            assertThat(gate.allow("10.0.0.1", 1)).isTrue();
        }
        assertThat(gate.allow("10.0.0.1", 1)).isFalse();
        assertThat(gate.allow("10.0.0.2", 1)).isTrue();
        gate.open("s", socket);
        gate.rateLimited(socket, 0);
        assertThat(replies).containsExactly("dropped 0 rate_limited");
    }
}
