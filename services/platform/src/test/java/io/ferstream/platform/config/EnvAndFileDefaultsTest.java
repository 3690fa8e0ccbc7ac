package io.ferstream.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class EnvAndFileDefaultsTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        ConnectionOptions connection;

        @Override
        public void run() {
        }
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fer.properties");
        Files.writeString(file, "bootstrap-servers=file:1\nschema-registry-url=http://file:2\ntopic-prefix=f.\n");
        Map<String, String> env = Map.of("FER_SCHEMA_REGISTRY_URL", "http://env:3", "FER_TOPIC_PREFIX", "e.");

        ConnectionConfig config = parse(new EnvAndFileDefaults(env, file), "--topic-prefix", "flag.");

        assertThat(config.topicPrefix()).isEqualTo("flag.");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://env:3");
        assertThat(config.bootstrapServers()).isEqualTo("file:1");
    }

    @Test
    void fallsBackToTheOptionDefault() {
        ConnectionConfig config = parse(new EnvAndFileDefaults(Map.of(), null));
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
    }

    @Test
    void findsTheConfigFileAmongRawArguments() {
        assertThat(EnvAndFileDefaults.configFileIn(new String[] {"quality", "--config", "a.properties"}))
                .isEqualTo(Path.of("a.properties"));
        assertThat(EnvAndFileDefaults.configFileIn(new String[] {"--config=b.properties"}))
                .isEqualTo(Path.of("b.properties"));
        assertThat(EnvAndFileDefaults.configFileIn(new String[] {"quality"})).isNull();
    }

    @Test
    void aMissingConfigFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> new EnvAndFileDefaults(Map.of(), dir.resolve("nope.properties")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("no such file");
    }

    private static ConnectionConfig parse(EnvAndFileDefaults defaults, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).setDefaultValueProvider(defaults).parseArgs(args);
        return probe.connection.toConfig();
    }
}
