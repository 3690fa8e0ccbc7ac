package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void aBurstThenTheRate() {
        RateLimiter limiter = new RateLimiter(10, 3, 100, now::get);
        assertThat(limiter.tryAcquire("a", 1)).isTrue();
        assertThat(limiter.tryAcquire("a", 1)).isTrue();
        assertThat(limiter.tryAcquire("a", 1)).isTrue();
        assertThat(limiter.tryAcquire("a", 1)).isFalse();
        now.addAndGet(100_000_000); // 0.1 s at 10/s: one token
        assertThat(limiter.tryAcquire("a", 1)).isTrue();
        assertThat(limiter.tryAcquire("a", 1)).isFalse();
        now.addAndGet(10_000_000_000L); // a long pause saves up the burst only
        assertThat(limiter.tryAcquire("a", 4)).isFalse();
        assertThat(limiter.tryAcquire("a", 3)).isTrue();
    }

    @Test
    void clientsHaveBucketsOfTheirOwn() {
        RateLimiter limiter = new RateLimiter(1, 1, 100, now::get);
        assertThat(limiter.tryAcquire("a", 1)).isTrue();
        assertThat(limiter.tryAcquire("a", 1)).isFalse();
        assertThat(limiter.tryAcquire("b", 1)).isTrue();
    }

    @Test
    void theTableIsBounded() {
        RateLimiter limiter = new RateLimiter(1, 1, 2, now::get);
        limiter.tryAcquire("a", 1);
        limiter.tryAcquire("b", 1);
        limiter.tryAcquire("c", 1);
        assertThat(limiter.clients()).isEqualTo(2);
    }
}
