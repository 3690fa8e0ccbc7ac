package io.ferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.ferstream.registry.SchemaRegistryServer.Config;
import org.junit.jupiter.api.Test;

class SchemaRegistryServerConfigTest {

    @Test
    void defaults() {
        Config config = Config.of("broker:9092");
        assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.initTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void withers() {
        Config config = Config.of("b:1").withPort(0).withHost("0.0.0.0").withTopic("my_schemas");
        assertThat(config).isEqualTo(new Config("b:1", "0.0.0.0", 0, "my_schemas", Duration.ofSeconds(60)));
    }

    @Test
    void validationNamesTheField() {
        assertThatThrownBy(() -> Config.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> Config.of("b:1").withHost("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> Config.of("b:1").withPort(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Config.of("b:1").withPort(65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Config.of("b:1").withTopic("bad topic")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> Config.of("b:1").withTopic(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> new Config("b:1", "h", 1, "t", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initTimeout");
        assertThatThrownBy(() -> new Config("b:1", "h", 1, "t", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initTimeout");
    }
}
