package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrayImageTest {

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> GrayImage.of(0, 4, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> GrayImage.of(4, 4, new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 bytes");
        assertThatThrownBy(() -> GrayImage.of(4, 4, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrayImage.filled(2, 2, 256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isImmutableAndReadsUnsignedRowMajor() {
        byte[] p = {0, 1, 2, (byte) 200, (byte) 255, 5};
        GrayImage img = GrayImage.of(3, 2, p);
        p[0] = 99; // the caller's array is not shared
        assertThat(img.get(0, 0)).isZero();
        img.pixels()[1] = 77; // nor the returned copy
        assertThat(img.get(1, 0)).isEqualTo(1);
        assertThat(img.get(0, 1)).isEqualTo(200); // row 1 starts at index 3
        assertThat(img.get(1, 1)).isEqualTo(255);
        assertThat(img.size()).isEqualTo(6);
        assertThatThrownBy(() -> img.get(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void valueEquality() {
        assertThat(GrayImage.filled(2, 3, 7)).isEqualTo(GrayImage.of(2, 3, new byte[] {7, 7, 7, 7, 7, 7}))
                .hasSameHashCodeAs(GrayImage.of(2, 3, new byte[] {7, 7, 7, 7, 7, 7}));
        assertThat(GrayImage.filled(2, 3, 7)).isNotEqualTo(GrayImage.filled(3, 2, 7));
    }
}
