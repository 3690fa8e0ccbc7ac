package io.ferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.List;

import io.ferstream.model.eval.Evaluation;
import io.ferstream.model.onnx.Classifier;
import io.ferstream.vision.Fer2013;
import org.junit.jupiter.api.Test;

/** The default FER classifier that ships in this module: its card, its size, and that the file is the model the card describes. */
class ShippedClassifierTest {

    private static final long MAX_BYTES = 12L * 1024 * 1024;

    @Test
    void itIsAVerifiedFerClassifierOfAtMost12MbWithItsProvenance() throws Exception {
        ShippedModel shipped = ShippedModel.ferClassifier();
        assertThat(ShippedModel.ferClassifier()).isSameAs(shipped);
        ModelCard card = shipped.card();
        assertThat(card.task()).isEqualTo(Task.CLASSIFIER);
        assertThat(card.classes()).isEqualTo(FerClasses.NAMES);
        assertThat(Files.size(shipped.model())).isLessThanOrEqualTo(MAX_BYTES);
        assertThat(card.command()).contains("fer.jar train");
        assertThat(card.sourceCommit()).matches("[0-9a-f]{40}");
        assertThat(card.validation().accuracy()).isNotNull();
        assertThat(card.test().accuracy()).isNotNull();
        assertThat(shipped.cardFile()).exists();
    }

    @Test
    void onTheWholeValidationSplitItScoresWhatItsCardSays() {
        List<Fer2013.Row> rows = Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, Integer.MAX_VALUE);
        byte[][] pixels = rows.stream().map(r -> r.image().pixels()).toArray(byte[][]::new);
        int[] labels = rows.stream().mapToInt(Fer2013.Row::emotion).toArray();
        ShippedModel shipped = ShippedModel.ferClassifier();
        try (Classifier classifier = Classifier.fromCard(shipped.cardFile())) {
            Evaluation evaluation = Evaluation.of(classifier, pixels, 48, labels);
            // the card's figure comes from the trainer's network on the same 3,589 images; the ONNX file must agree
            assertThat(evaluation.accuracy()).isCloseTo(shipped.card().validation().accuracy(), within(0.005));
        }
    }
}
