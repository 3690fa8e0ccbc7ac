package io.ferstream.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientIdsTest {

    @Test
    void theFirstInstanceGetsTheBareNameAndLaterOnesANumberedSuffix() {
        try (ClientIds.Lease first = ClientIds.claim("fer-client-ids-test");
             ClientIds.Lease second = ClientIds.claim("fer-client-ids-test");
             ClientIds.Lease third = ClientIds.claim("fer-client-ids-test")) {
            assertThat(first.id()).isEqualTo("fer-client-ids-test");
            assertThat(second.id()).isEqualTo("fer-client-ids-test-2");
            assertThat(third.id()).isEqualTo("fer-client-ids-test-3");
        }
    }

    @Test
    void aReleasedIdIsReusedSoARestartKeepsItsSeries() {
        ClientIds.Lease first = ClientIds.claim("fer-restart-test");
        ClientIds.Lease second = ClientIds.claim("fer-restart-test");
        first.close();

        try (ClientIds.Lease restarted = ClientIds.claim("fer-restart-test")) {
            assertThat(restarted.id()).isEqualTo("fer-restart-test");
        } finally {
            second.close();
        }
        try (ClientIds.Lease again = ClientIds.claim("fer-restart-test")) {
            assertThat(again.id()).isEqualTo("fer-restart-test");
        }
    }

    @Test
    void aBaseIsRequired() {
        assertThatThrownBy(() -> ClientIds.claim(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
