package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.platform.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void seedRecipeAndValidation() {
        TrainConfig c = TrainConfig.seed(Path.of("x"));
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.learningRate()).isEqualTo(3e-4f);
        assertThat(c.labelSmoothing()).isEqualTo(0.1f);
        assertThat(c.epochs()).isEqualTo(50);
        assertThat(c.lrPatience()).isEqualTo(7);
        assertThat(c.stopPatience()).isEqualTo(25);
        assertThatThrownBy(() -> c.withEpochs(0)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> c.withLimit(-1)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("limit");
        assertThat(c.timeLimit()).isNull();
        assertThat(c.withTimeLimit(java.time.Duration.ofHours(2)).timeLimit()).hasHours(2);
        assertThatThrownBy(() -> c.withTimeLimit(java.time.Duration.ZERO)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("time-limit");
        assertThat(c.lrSchedule()).isNull(); // the plateau rule, or a resumed checkpoint's rule
        assertThat(c.withLrSchedule(TrainConfig.LrSchedule.COSINE).lrSchedule()).isEqualTo(TrainConfig.LrSchedule.COSINE);
    }

    @Test
    void cardPreprocessingRoundTripsAndIsValidated(@TempDir Path dir) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path card = dir.resolve("card.json");
        var root = mapper.createObjectNode();
        root.set("preprocessing", ModelCard.preprocessing(mapper, Preprocessing.SEED));
        mapper.writeValue(card.toFile(), root);
        assertThat(ModelCard.readPreprocessing(mapper, card)).isEqualTo(Preprocessing.SEED);

        Path peer = Path.of(getClass().getResource("/mini-xception.card.json").toURI());
        Preprocessing p = ModelCard.readPreprocessing(mapper, peer);
        assertThat(p.layout()).isEqualTo(Preprocessing.Layout.NHWC);
        assertThat(p.clahe()).isFalse();
        assertThat(p.scale(0)).isEqualTo(-1f);
        assertThat(p.scale(255)).isEqualTo(1f);
        assertThat(p.shape(2)).containsExactly(2, 48, 48, 1);

        Files.writeString(card, "{\"preprocessing\": {\"layout\": \"CHW\"}}");
        assertThatThrownBy(() -> ModelCard.readPreprocessing(mapper, card)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("preprocessing.layout");
        Files.writeString(card, "{}");
        assertThatThrownBy(() -> ModelCard.readPreprocessing(mapper, card)).hasMessageContaining("preprocessing");
    }

    @Test
    void metricsFromAConfusionMatrix() {
        Metrics m = Metrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 7);
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.precision(1)).isEqualTo(2.0 / 3);
        assertThat(m.recall(0)).isEqualTo(0.5);
        assertThat(m.f1(1)).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.f1(5)).isZero();
    }
}
