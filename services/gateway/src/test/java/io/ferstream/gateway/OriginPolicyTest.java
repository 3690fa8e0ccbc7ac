package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(Set.of("https://fer.example.org"));

    @Test
    void theGatewaysOwnPage() {
        assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(policy.allows("http://LOCALHOST", "localhost:80")).isTrue();
    }

    @Test
    void anotherSiteOrPortIsRefused() {
        assertThat(policy.allows("http://evil.example", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("null", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://127.0.0.1:8080", null)).isFalse();
    }

    @Test
    void anAllowedOriginAndClientsThatAreNoBrowserPage() {
        assertThat(policy.allows("https://fer.example.org:443", "10.0.0.5:8080")).isTrue();
        assertThat(policy.allows(null, "127.0.0.1:8080")).isTrue();
    }
}
