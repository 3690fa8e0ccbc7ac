package io.ferstream.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {

    @Test
    void defaultsMatchConfluentSerializers() {
        SerdeConfig config = SerdeConfig.from(Map.of("schema.registry.url", "http://r:8081"));
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsConfluentKeysAsStringsOrBooleans() {
        SerdeConfig config = SerdeConfig.from(Map.of("schema.registry.url", "http://r:8081",
                "auto.register.schemas", "false", "use.latest.version", true, "specific.avro.reader", "FALSE"));
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
        assertThat(config.specificAvroReader()).isFalse();
    }

    @Test
    void failsNamingTheKey() {
        assertThatThrownBy(() -> SerdeConfig.from(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SerdeConfig.from(Map.of("schema.registry.url", "http://r", "auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
    }
}
