package io.ferstream.vision.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class GrayImagesTest {

    @Test
    void constantColourBecomesItsBt601Luma() {
        BufferedImage image = filled(96, 96, 200, 100, 50);
        // 0.299*200 + 0.587*100 + 0.114*50 = 124.2
        byte[] gray = GrayImages.toGray48(image);
        assertThat(gray).hasSize(48 * 48);
        for (byte b : gray) {
            assertThat(b & 0xff).isEqualTo(124);
        }
        assertThat(GrayImages.luma(255, 255, 255)).isEqualTo(255);
        assertThat(GrayImages.luma(0, 0, 0)).isZero();
        assertThat(GrayImages.luma(255, 0, 0)).isEqualTo(76);     // 0.299*255 = 76.2
        assertThat(GrayImages.luma(0, 0, 255)).isEqualTo(29);     // 0.114*255 = 29.1
    }

    @Test
    void aPixelCheckerboardAreaAveragesToMidGray() {
        BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 0 : 255);
            }
        }
        // Every 2x2 block holds two 0s and two 255s: mean 127.5, rounded half up.
        for (byte b : GrayImages.toGray48(image)) {
            assertThat(b & 0xff).isEqualTo(128);
        }
    }

    @Test
    void areaAveragingWeighsPartlyCoveredPixels() {
        // 72 -> 48 columns: scale 1.5. Output 0 covers source [0, 1.5): column 0 fully, column 1 half.
        // Output 1 covers [1.5, 3): column 1 half, column 2 fully.
        byte[] src = new byte[72 * 2];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 72; x++) {
                src[y * 72 + x] = (byte) (x % 3 == 0 ? 30 : x % 3 == 1 ? 90 : 180);
            }
        }
        byte[] out = GrayImages.resize(src, 72, 2, 48, 2);
        assertThat(out[0] & 0xff).isEqualTo(50);    // (30 + 0.5*90) / 1.5 = 50
        assertThat(out[1] & 0xff).isEqualTo(150);   // (0.5*90 + 180) / 1.5 = 150
        assertThat(out[48] & 0xff).isEqualTo(50);   // second row alike
    }

    @Test
    void upscalingIsBilinearOnPixelCentres() {
        byte[] src = {0, 100};
        byte[] out = GrayImages.resize(src, 2, 1, 4, 1);
        // Centres at -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        assertThat(toInts(out)).containsExactly(0, 25, 75, 100);
    }

    @Test
    void grayImagesKeepTheirStoredValuesWithoutGamma() {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 100);
        image.getRaster().setSample(47, 47, 0, 17);
        byte[] gray = GrayImages.toGray48(image);
        assertThat(gray[0] & 0xff).isEqualTo(100);
        assertThat(gray[48 * 48 - 1] & 0xff).isEqualTo(17);

        BufferedImage sixteen = new BufferedImage(48, 48, BufferedImage.TYPE_USHORT_GRAY);
        sixteen.getRaster().setSample(0, 0, 0, 65535);
        sixteen.getRaster().setSample(1, 0, 0, 257 * 40);
        byte[] scaled = GrayImages.toGray48(sixteen);
        assertThat(scaled[0] & 0xff).isEqualTo(255);
        assertThat(scaled[1] & 0xff).isEqualTo(40);
    }

    @Test
    void sameSizeIsACopy() {
        byte[] src = new byte[48 * 48];
        src[5] = 9;
        byte[] out = GrayImages.resize(src, 48, 48, 48, 48);
        assertThat(out).isEqualTo(src).isNotSameAs(src);
    }

    private static BufferedImage filled(int w, int h, int r, int g, int b) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i] & 0xff;
        }
        return ints;
    }
}
