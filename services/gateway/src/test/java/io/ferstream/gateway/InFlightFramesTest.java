package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class InFlightFramesTest {

    private final AtomicLong now = new AtomicLong();
    private final InFlightFrames<String> frames = new InFlightFrames<>(2, 2, now::get);

    @Test
    void atMostKFramesPerSessionAndEachLeavesOnce() {
        assertThat(frames.open("s", "socket")).isTrue();
        assertThat(frames.admit("s", 0, 640, 480)).isEqualTo(InFlightFrames.Admission.ADMITTED);
        assertThat(frames.admit("s", 1, 640, 480)).isEqualTo(InFlightFrames.Admission.ADMITTED);
        assertThat(frames.admit("s", 2, 640, 480)).isEqualTo(InFlightFrames.Admission.IN_FLIGHT);
        assertThat(frames.complete("s", 0)).hasValueSatisfying(p -> {
            assertThat(p.session()).isEqualTo("socket");
            assertThat(p.width()).isEqualTo(640);
        });
        assertThat(frames.complete("s", 0)).isEmpty();
        assertThat(frames.admit("s", 3, 640, 480)).isEqualTo(InFlightFrames.Admission.ADMITTED);
        assertThat(frames.outstanding("s")).isEqualTo(2);
    }

    @Test
    void framesWithoutAPredictionExpireOnceAndLateOnesAreNotRouted() {
        frames.open("s", "socket");
        frames.admit("s", 0, 1, 1);
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        frames.admit("s", 1, 1, 1);
        now.addAndGet(Duration.ofMillis(600).toNanos());
        assertThat(frames.expire(Duration.ofSeconds(2))).extracting(InFlightFrames.Pending::seq).containsExactly(0L);
        assertThat(frames.expire(Duration.ofSeconds(2))).isEmpty();
        assertThat(frames.complete("s", 0)).isEmpty();
        assertThat(frames.complete("s", 1)).isPresent();
        assertThat(frames.outstanding("s")).isZero();
    }

    @Test
    void sessionsAreBoundedAndAClosedSessionTakesNoFrames() {
        assertThat(frames.open("a", "1")).isTrue();
        assertThat(frames.open("b", "2")).isTrue();
        assertThat(frames.open("c", "3")).isFalse();
        frames.close("a");
        assertThat(frames.admit("a", 0, 1, 1)).isEqualTo(InFlightFrames.Admission.CLOSED);
        assertThat(frames.complete("a", 0)).isEmpty();
        assertThat(frames.open("c", "3")).isTrue();
        assertThat(frames.sessions()).isEqualTo(2);
    }
}
