package io.ferstream.trainer;

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

        ImageSet inputs = data.modelInputs(images, Preprocessing.TRAINER);

        ImageSet expected = Inputs.equalise(images, Preprocessing.TRAINER);
        for (int i = 0; i < images.size(); i++) {
            assertThat(inputs.pixels()[i]).isEqualTo(expected.pixels()[i]).isNotEqualTo(images.pixels()[i]);
        }
        assertThat(data.evaluationContract(Preprocessing.TRAINER)).isEqualTo(Preprocessing.TRAINER);
    }

    @Test
    void enhancedPixelsAreNotEqualisedAgainInTrainingOrEvaluation() {
        ImageSet enhanced = Inputs.equalise(Synthetic.images(14, 5), Preprocessing.TRAINER);
        TrainingData data = new TrainingData(Map.of(Split.TRAIN, enhanced), "run r", "r", true);

        ImageSet inputs = data.modelInputs(enhanced, Preprocessing.TRAINER);

        for (int i = 0; i < enhanced.size(); i++) {
            assertThat(inputs.pixels()[i]).isEqualTo(enhanced.pixels()[i]);
        }
        Preprocessing evaluation = data.evaluationContract(Preprocessing.TRAINER);
        assertThat(evaluation.clahe()).isFalse();
        assertThat(evaluation.withoutClahe()).isEqualTo(evaluation);
        assertThat(evaluation.scale(255)).isEqualTo(Preprocessing.TRAINER.scale(255));
        assertThat(evaluation.layout()).isEqualTo(Preprocessing.TRAINER.layout());
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
