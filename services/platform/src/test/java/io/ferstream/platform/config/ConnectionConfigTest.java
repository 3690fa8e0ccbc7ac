package io.ferstream.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionConfigTest {

    @Test
    void acceptsClusterListsAndPrefix() {
        ConnectionConfig config = new ConnectionConfig("a:9092, b:9093", "http://r:8081", "staging.");
        assertThat(config.topicNames().prefix()).isEqualTo("staging.");
        assertThat(config.clientProperties()).containsEntry("bootstrap.servers", "a:9092, b:9093")
                .containsEntry("schema.registry.url", "http://r:8081");
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertThatThrownBy(() -> new ConnectionConfig("localhost", "http://r:8081", ""))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("bootstrap-servers");
        assertThatThrownBy(() -> new ConnectionConfig("h:1", "localhost:8081", ""))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("schema-registry-url");
        assertThatThrownBy(() -> new ConnectionConfig("h:1", "http://r:8081", "bad prefix/"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("topic-prefix");
    }
}
