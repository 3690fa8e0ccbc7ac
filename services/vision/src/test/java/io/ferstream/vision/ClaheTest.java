package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

class ClaheTest {

    private static GrayImage lowContrast(long seed) {
        // a gentle diagonal gradient 100..119 plus +-2 noise: std about 5
        Random rnd = new Random(seed);
        byte[] p = new byte[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                p[y * 48 + x] = (byte) (100 + (x + y) * 20 / 96 + rnd.nextInt(5) - 2);
            }
        }
        return GrayImage.of(48, 48, p);
    }

    /** OpenCV's CLAHE called directly, to check our wrapper passes the right parameters. */
    private static GrayImage openCv(GrayImage img, double clip, int tx, int ty) {
        OpenCvLoader.ensureLoaded();
        CLAHE c = Imgproc.createCLAHE(clip, new Size(tx, ty));
        Mat src = Mats.put(img, null);
        Mat dst = new Mat();
        c.apply(src, dst);
        GrayImage out = Mats.get(dst);
        src.release();
        dst.release();
        return out;
    }

    @Test
    void raisesContrastAndEqualsOpenCvDirectly() {
        try (Clahe clahe = new Clahe()) {
            for (long seed = 0; seed < 20; seed++) {
                GrayImage in = lowContrast(seed);
                GrayImage out = clahe.apply(in);
                assertThat(out.width()).isEqualTo(48);
                assertThat(out.height()).isEqualTo(48);
                assertThat(PixelStats.std(out)).isGreaterThan(PixelStats.std(in) * 1.5);
                assertThat(out).isEqualTo(openCv(in, 2.0, 8, 8));
            }
        }
    }

    @Test
    void customParametersArePassedOn() {
        GrayImage in = lowContrast(42);
        try (Clahe custom = new Clahe(4.0, 4, 6); Clahe seed = new Clahe()) {
            GrayImage out = custom.apply(in);
            assertThat(out).isEqualTo(openCv(in, 4.0, 4, 6));
            assertThat(out).isNotEqualTo(seed.apply(in));
            assertThat(custom.clipLimit()).isEqualTo(4.0);
            assertThat(custom.tilesX()).isEqualTo(4);
            assertThat(custom.tilesY()).isEqualTo(6);
        }
    }

    @Test
    void constantImagesMapToTheValueOpenCvsClipRuleGives() {
        // 48x48, 8x8 tiles -> 36 pixels per tile, all in one bin. Clip limit in counts:
        // max((int)(2.0*36/256), 1) = 1, so 35 counts are clipped; 35/256 = 0 per bin plus a
        // residual of 35 spread one each over bins 0, 7, 14, ..., 238 (step 256/35 = 7).
        // LUT(v) = round(cumulative count up to v * 255/36):
        //   v = 100: 15 residual bins (0..98) + the clipped bin's 1 = 16 -> 113.33 -> 113
        //   v = 0:   bin 0 has 1 + 1 residual = 2                       -> 14.17 -> 14
        //   v = 255: all 35 residual bins + 1 = 36                       -> 255
        // Every tile has the same LUT, so the interpolated output is constant.
        try (Clahe clahe = new Clahe()) {
            assertThat(clahe.apply(GrayImage.filled(48, 48, 100))).isEqualTo(GrayImage.filled(48, 48, 113));
            assertThat(clahe.apply(GrayImage.filled(48, 48, 0))).isEqualTo(GrayImage.filled(48, 48, 14));
            assertThat(clahe.apply(GrayImage.filled(48, 48, 255))).isEqualTo(GrayImage.filled(48, 48, 255));
        }
    }

    @Test
    void sizesNotDivisibleByTheGridWork() {
        GrayImage in = GrayImage.of(50, 37, new byte[50 * 37]);
        try (Clahe clahe = new Clahe()) {
            GrayImage out = clahe.apply(in);
            assertThat(out.width()).isEqualTo(50);
            assertThat(out.height()).isEqualTo(37);
            assertThat(out).isEqualTo(openCv(in, 2.0, 8, 8));
        }
    }

    @Test
    void validatesParameters() {
        assertThatThrownBy(() -> new Clahe(0, 8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Clahe(2, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        Clahe c = new Clahe();
        c.close();
        c.close();
        assertThatThrownBy(() -> c.apply(GrayImage.filled(8, 8, 1))).isInstanceOf(IllegalStateException.class);
    }
}
