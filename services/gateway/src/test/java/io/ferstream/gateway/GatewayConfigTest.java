package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.vision.frames.FrameLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GatewayConfigTest {

    static GatewayConfig defaults() {
        return GatewayConfig.defaults(new ConnectionConfig("localhost:9092", "http://localhost:8081", ""));
    }

    @Test
    void theFlagsDefaultsAreTheRecordsDefaults() {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.gateway.toConfig(command.connection.toConfig(), null)).isEqualTo(defaults());
    }

    @Test
    void errorsNameTheFlag() {
        assertThat(key("--max-in-flight", "0")).isEqualTo("max-in-flight");
        assertThat(key("--reply-timeout-ms", "5")).isEqualTo("reply-timeout-ms");
        assertThat(key("--max-frame-bytes", "2000000")).isEqualTo("max-frame-bytes");
        assertThat(key("--max-frame-side", "0")).isEqualTo("max-frame-side");
        assertThat(key("--rate-limit-fps", "0")).isEqualTo("rate-limit-fps");
        assertThat(key("--allowed-origin", "evil.example")).isEqualTo("allowed-origin");
        assertThat(key("--port", "70000")).isEqualTo("port");
        assertThat(key("--max-upload-files", "31")).isEqualTo("max-upload-files");
        assertThat(key("--max-upload-bytes", "10")).isEqualTo("max-upload-bytes");
        assertThat(key("--report-dir", "/no/such/folder")).isEqualTo("report-dir");
    }

    @Test
    void aReportFolderAndAllowedOrigins() {
        GatewayConfig config = new GatewayConfig(defaults().connection(), "0.0.0.0", 0, Set.of("https://fer.example.org"), 3,
                Duration.ofSeconds(5), new FrameLimits(500_000, 2048), 10, 20, 5, 4, 1 << 20, Path.of("."));
        assertThat(config.reportDir()).isEqualTo(Path.of("."));
        assertThat(config.allowedOrigins()).containsExactly("https://fer.example.org");
    }

    private static String key(String flag, String value) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(flag, value);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> command.gateway.toConfig(command.connection.toConfig(), command.reportDir));
        assertThat(e).as(flag).isNotNull();
        return e.key();
    }
}
