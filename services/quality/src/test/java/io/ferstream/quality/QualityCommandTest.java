package io.ferstream.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QualityCommandTest {

    private static QualityCommand parse(String... args) {
        QualityCommand command = new QualityCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void seedPresetIsTheOriginalsNumbers() {
        assertThat(parse().thresholds()).isEqualTo(new QualityThresholds(80, 40, 220, 20, 0.05, 0.30));
    }

    @Test
    void singleThresholdsOverrideThePreset() {
        QualityThresholds t = parse("--blur-min", "50", "--edge-density-max", "0.4").thresholds();
        assertThat(t.blurMin()).isEqualTo(50);
        assertThat(t.edgeDensityMax()).isEqualTo(0.4);
        assertThat(t.brightnessMin()).isEqualTo(40);
    }

    @Test
    void invalidValuesNameTheirFlag() {
        assertThatThrownBy(() -> parse("--brightness-min", "230").thresholds())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("brightness-min");
        assertThatThrownBy(() -> parse("--preset", "strict").thresholds())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("preset");
    }
}
