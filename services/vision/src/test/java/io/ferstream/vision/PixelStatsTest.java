package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed fixtures for the pure-Java blur / brightness / contrast formulas. */
class PixelStatsTest {

    private static GrayImage image(int w, int h, int... values) {
        byte[] p = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            p[i] = (byte) values[i];
        }
        return GrayImage.of(w, h, p);
    }

    @Test
    void constantImageHasNoBlurVarianceAndNoContrast() {
        GrayImage img = GrayImage.filled(48, 48, 137);
        assertThat(PixelStats.laplacianVariance(img)).isZero();
        assertThat(PixelStats.std(img)).isZero();
        assertThat(PixelStats.mean(img)).isEqualTo(137.0);
    }

    @Test
    void singleBrightPixelIn3x3() {
        // 0 0 0 / 0 10 0 / 0 0 0, kernel 0 1 0 / 1 -4 1 / 0 1 0, reflect-101 (row -1 -> row 1).
        // centre: 0+0+0+0 - 4*10 = -40
        // edge middles, e.g. (x=1,y=0): up = reflect(-1) = row 1 -> 10, down = 10, left 0, right 0,
        //   minus 4*0 -> 20 (all four edge middles alike)
        // corners, e.g. (0,0): up -> (0,1)=0, down (0,1)=0, left -> (1,0)=0, right (1,0)=0 -> 0
        // values {-40, 20, 20, 20, 20, 0, 0, 0, 0}: mean = 40/9, E[L^2] = (1600 + 4*400)/9 = 3200/9
        // var = 3200/9 - (40/9)^2 = (28800 - 1600)/81 = 27200/81
        GrayImage img = image(3, 3, 0, 0, 0, 0, 10, 0, 0, 0, 0);
        assertThat(PixelStats.laplacianVariance(img)).isCloseTo(27200.0 / 81.0, within(1e-12));
        // mean 10/9; E[x^2] = 100/9; var = 100/9 - 100/81 = 800/81
        assertThat(PixelStats.mean(img)).isCloseTo(10.0 / 9.0, within(1e-15));
        assertThat(PixelStats.std(img)).isCloseTo(Math.sqrt(800.0 / 81.0), within(1e-14));
    }

    @Test
    void horizontalRampShowsTheReflect101Border() {
        // every row 0 10 20 30; vertical neighbours are equal so only left+right-2c counts.
        // x=0: left = reflect101(-1) = x1 = 10 -> 10 + 10 - 0 = 20
        // x=1: 0 + 20 - 20 = 0;  x=2: 10 + 30 - 40 = 0
        // x=3: right = reflect101(4) = x2 = 20 -> 20 + 20 - 60 = -20
        // values per row {20, 0, 0, -20}: mean 0, var = (400 + 400)/4 = 200.
        // (BORDER_REPLICATE would give {10,0,0,-10} -> 50, so this pins the border mode.)
        GrayImage img = image(4, 4,
                0, 10, 20, 30,
                0, 10, 20, 30,
                0, 10, 20, 30,
                0, 10, 20, 30);
        assertThat(PixelStats.laplacianVariance(img)).isEqualTo(200.0);
        assertThat(PixelStats.mean(img)).isEqualTo(15.0);
        // deviations -15,-5,5,15 -> (225+25+25+225)/4 = 125
        assertThat(PixelStats.std(img)).isCloseTo(Math.sqrt(125.0), within(1e-14));
    }

    @Test
    void checkerboard() {
        // (x+y) odd -> 100 else 0: every neighbour (also reflected ones: reflect101 keeps parity
        // opposite) differs, so L = 4*100 = 400 on the zeros and -400 on the hundreds.
        // mean 0, var 160000. Pixels: mean 50, std 50.
        int[] v = new int[25];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                v[y * 5 + x] = (x + y) % 2 == 1 ? 100 : 0;
            }
        }
        GrayImage img = image(5, 5, v);
        // 5x5: 13 zeros (+400), 12 hundreds (-400): mean = 400/25 = 16, E[L^2] = 160000
        // var = 160000 - 256 = 159744
        assertThat(PixelStats.laplacianVariance(img)).isEqualTo(159744.0);
        // pixels: mean = 1200/25 = 48, E[x^2] = 120000/25 = 4800, var = 4800 - 2304 = 2496
        assertThat(PixelStats.mean(img)).isEqualTo(48.0);
        assertThat(PixelStats.std(img)).isCloseTo(Math.sqrt(2496.0), within(1e-13));
    }

    @Test
    void halfBlackHalfWhite48() {
        // columns 0..23 black, 24..47 white.
        // Pixels: mean 127.5, std 127.5 (two equal groups at +-127.5).
        // Laplacian: column 23 sees right neighbour 255 -> +255, column 24 sees left 0 -> -255,
        // everything else 0 (incl. borders: reflected neighbours equal the pixel's own side).
        // 48 values +255 and 48 values -255 of 2304: mean 0, var = 96*65025/2304 = 65025/24.
        byte[] p = new byte[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 24; x < 48; x++) {
                p[y * 48 + x] = (byte) 255;
            }
        }
        GrayImage img = GrayImage.of(48, 48, p);
        assertThat(PixelStats.mean(img)).isEqualTo(127.5);
        assertThat(PixelStats.std(img)).isEqualTo(127.5);
        assertThat(PixelStats.laplacianVariance(img)).isCloseTo(65025.0 / 24.0, within(1e-12));
    }

    @Test
    void oneByOneAndThinImages() {
        // 1x1: all neighbours reflect onto the pixel itself -> L = 0.
        assertThat(PixelStats.laplacianVariance(image(1, 1, 200))).isZero();
        // 1x3 column 0 / 10 / 0: y=0: up=reflect(-1)=row1 (10), down 10, left=right=self 0 -> 20
        // y=1: 0+0+10+10-40 = -20; y=2: 20.  values {20,-20,20}: mean 20/3, E[L^2] = 400,
        // var = 400 - 400/9 = 3200/9
        assertThat(PixelStats.laplacianVariance(image(1, 3, 0, 10, 0)))
                .isCloseTo(3200.0 / 9.0, within(1e-12));
        assertThat(PixelStats.laplacianVariance(image(3, 1, 0, 10, 0)))
                .isCloseTo(3200.0 / 9.0, within(1e-12));
    }

    @Test
    void varianceIsExactForLargeSums() {
        // n = 4, values 1e9, 1e9+1, 1e9+2, 1e9+3 (as sums): var = 1.25 exactly; the naive
        // E[x^2]-E[x]^2 in doubles loses it completely.
        long[] xs = {1_000_000_000L, 1_000_000_001L, 1_000_000_002L, 1_000_000_003L};
        long sum = 0;
        long sumSq = 0;
        for (long x : xs) {
            sum += x;
            sumSq += x * x;
        }
        assertThat(PixelStats.variance(4, sum, sumSq)).isEqualTo(1.25);
    }
}
