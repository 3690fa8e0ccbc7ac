package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.ferstream.model.Preprocessing;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.Test;

class FaceBatchTest {

    private static final Preprocessing TWO_BY_TWO = Preprocessing.gray(2, null, 0f, 1f, Preprocessing.Layout.NCHW);

    @Test
    void facesOfAllFramesGoInOneTensorInFrameOrderAndComeBackPerFrame() {
        GrayImage a = GrayImage.filled(2, 2, 255);
        GrayImage b = GrayImage.filled(4, 4, 0);
        GrayImage c = GrayImage.filled(2, 2, 51);
        FaceBatch batch = FaceBatch.assemble(List.of(List.of(a, b), List.of(), List.of(c)), TWO_BY_TWO);

        assertThat(batch.faces()).isEqualTo(3);
        assertThat(batch.tensor()).containsExactly(1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0.2f, 0.2f, 0.2f, 0.2f);
        float[][] rows = {{1}, {2}, {3}};
        List<List<float[]>> perFrame = batch.split(rows);
        assertThat(perFrame).hasSize(3);
        assertThat(perFrame.get(0)).containsExactly(rows[0], rows[1]);
        assertThat(perFrame.get(1)).isEmpty();
        assertThat(perFrame.get(2)).containsExactly(rows[2]);
    }

    @Test
    void aPollWithoutFacesNeedsNoModelCall() {
        FaceBatch batch = FaceBatch.assemble(List.of(List.of(), List.of()), TWO_BY_TWO);
        assertThat(batch.faces()).isZero();
        assertThat(batch.split(new float[0][])).containsExactly(List.of(), List.of());
    }

    @Test
    void rowsMustMatchTheFaces() {
        FaceBatch batch = FaceBatch.assemble(List.of(List.of(GrayImage.filled(2, 2, 0))), TWO_BY_TWO);
        assertThatThrownBy(() -> batch.split(new float[2][7])).hasMessageContaining("2 rows for 1 faces");
    }
}
