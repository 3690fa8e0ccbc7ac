package io.ferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.ferstream.vision.Clahe;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    private static Preprocessing contract(Preprocessing.Color color, Preprocessing.Layout layout) {
        // 2x2 input, (pixel / 255 - 100/255) / (2/255) = (pixel - 100) / 2
        return new Preprocessing(2, 2, color, null, 100f / 255f, 2f / 255f, layout, null, null, true);
    }

    @Test
    void tensorsAreScaledAndLaidOutPerLayoutAndColour() {
        byte[] gray = {0, (byte) 128, (byte) 255, 10};
        float a = -50f, b = 14f, c = 77.5f, d = -45f;
        float[] one = contract(Preprocessing.Color.GRAY, Preprocessing.Layout.NCHW).tensor(List.of(gray));
        assertThat(one).containsExactly(new float[] {a, b, c, d}, org.assertj.core.data.Offset.offset(1e-4f));
        float[] planar = contract(Preprocessing.Color.RGB, Preprocessing.Layout.NCHW).tensor(List.of(gray, gray));
        assertThat(planar).hasSize(24);
        assertThat(planar[0]).isEqualTo(planar[4]).isEqualTo(planar[8]).isEqualTo(planar[12]);
        assertThat(planar[6]).isEqualTo(planar[2]);
        float[] interleaved = contract(Preprocessing.Color.RGB, Preprocessing.Layout.NHWC).tensor(List.of(gray));
        assertThat(interleaved[0]).isEqualTo(interleaved[1]).isEqualTo(interleaved[2]).isEqualTo(planar[0]);
        assertThat(interleaved[3]).isEqualTo(planar[1]);
        assertThat(contract(Preprocessing.Color.RGB, Preprocessing.Layout.NHWC).shape(3)).containsExactly(3, 2, 2, 3);
    }

    @Test
    void facesAreResizedThenEqualisedAtTheInputSize() {
        GrayImage face = GrayImage.filled(24, 24, 90);
        Preprocessing p = Preprocessing.gray(48, Preprocessing.ClaheSettings.SEED, 0f, 1f, Preprocessing.Layout.NCHW);
        byte[] prepared = p.toInputGray(List.of(face))[0];
        assertThat(prepared).hasSize(48 * 48);
        try (Clahe clahe = new Clahe()) {
            assertThat(prepared).containsExactly(clahe.apply(GrayImage.filled(48, 48, 90)).pixels());
        }
        assertThat(p.withoutClahe().toInputGray(List.of(face))[0][0]).isEqualTo((byte) 90);
    }

    @Test
    void impossibleContractsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Preprocessing.gray(0, null, 0f, 1f, Preprocessing.Layout.NCHW))
                .isInstanceOfSatisfying(ModelCardException.class, e -> assertThat(e.field()).isEqualTo("preprocessing.size"));
        assertThatThrownBy(() -> Preprocessing.gray(48, null, 0f, 0f, Preprocessing.Layout.NCHW))
                .isInstanceOfSatisfying(ModelCardException.class, e -> assertThat(e.field()).isEqualTo("preprocessing.std"));
        assertThatThrownBy(() -> new Preprocessing.ClaheSettings(0, 8))
                .isInstanceOfSatisfying(ModelCardException.class, e -> assertThat(e.field()).isEqualTo("preprocessing.clahe"));
    }
}
