package io.ferstream.platform.topics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ClusterCheckTest {

    @Test
    void anUnreachableClusterIsAClearErrorNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + port;
        assertThatThrownBy(() -> ClusterCheck.requireReachable(bootstrap, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Kafka broker answers at " + bootstrap)
                .hasMessageContaining("--bootstrap-servers");
    }
}
