package io.ferstream.trainer.data;

import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.model.Preprocessing;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.ferstream.events.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLAHE happens exactly once between a raw face and the network, whatever the input. */
class TrainingDataTest {

    @Test
    void rawPixelsGetTheContractsClahe() {
        ImageSet images = Synthetic.images(14, 5);
        TrainingData data = new TrainingData(Map.of(Split.TRAIN, images), "raw", null, false);

        ImageSet inputs = data.modelInputs(images, OnnxWriter.CONTRACT);

        ImageSet expected = Inputs.equalise(images, OnnxWriter.CONTRACT);
        for (int i = 0; i < images.size(); i++) {
            assertThat(inputs.pixels()[i]).isEqualTo(expected.pixels()[i]).isNotEqualTo(images.pixels()[i]);
        }
        assertThat(data.evaluationContract(OnnxWriter.CONTRACT)).isEqualTo(OnnxWriter.CONTRACT);
    }

    @Test
    void enhancedPixelsAreNotEqualisedAgainInTrainingOrEvaluation() {
        ImageSet enhanced = Inputs.equalise(Synthetic.images(14, 5), OnnxWriter.CONTRACT);
        TrainingData data = new TrainingData(Map.of(Split.TRAIN, enhanced), "run r", "r", true);

        ImageSet inputs = data.modelInputs(enhanced, OnnxWriter.CONTRACT);

        for (int i = 0; i < enhanced.size(); i++) {
            assertThat(inputs.pixels()[i]).isEqualTo(enhanced.pixels()[i]);
        }
        Preprocessing evaluation = data.evaluationContract(OnnxWriter.CONTRACT);
        assertThat(evaluation.clahe()).isNull();
        assertThat(evaluation.withoutClahe()).isEqualTo(evaluation);
        assertThat(evaluation.scale(255)).isEqualTo(OnnxWriter.CONTRACT.scale(255));
        assertThat(evaluation.layout()).isEqualTo(OnnxWriter.CONTRACT.layout());
    }

    @Test
    void aCsvIsRawUnlessToldItWasEnhanced(@TempDir Path dir) throws Exception {
        Path csv = Synthetic.csv(dir.resolve("f.csv"), 7, 7, 7, false);

        TrainingData raw = TrainingData.fromCsv(csv, TrainingData.Pixels.RAW);
        TrainingData enhanced = TrainingData.fromCsv(csv, TrainingData.Pixels.CLAHE);

        assertThat(raw.claheApplied()).isFalse();
        assertThat(enhanced.claheApplied()).isTrue();
        assertThat(raw.source()).isEqualTo("f.csv");
        assertThat(raw.runId()).isNull();
        assertThat(raw.split(Split.TEST).size()).isEqualTo(7);
        assertThat(raw.split(Split.LIVE).size()).isZero();
    }
}
