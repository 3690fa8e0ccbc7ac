package io.ferstream.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

class QualityScorerTest {

    private static QualityScorer scorer;

    @BeforeAll
    static void open() {
        scorer = new QualityScorer();
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    /** Columns {@code >= stepAt} have value {@code right}, the others {@code left}. */
    private static GrayImage verticalStep(int size, int stepAt, int left, int right) {
        byte[] p = new byte[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                p[y * size + x] = (byte) (x >= stepAt ? right : left);
            }
        }
        return GrayImage.of(size, size, p);
    }

    @Test
    void constantImageScores() {
        QualityScores s = scorer.score(GrayImage.filled(48, 48, 90));
        assertThat(s).isEqualTo(new QualityScores(0.0, 90.0, 0.0, 0.0));
    }

    @Test
    void stepEdgeGivesOneEdgeColumn() {
        // Step 0 | 255 between columns 23 and 24. Canny's 3x3 Sobel dx is 4*255 = 1020 in exactly
        // those two columns (every row alike, dy = 0), far above the high threshold; non-maximum
        // suppression keeps one of two equal neighbours, so each row has exactly one edge pixel,
        // all in one column next to the step: 48 of 2304 pixels = 1/48.
        GrayImage img = verticalStep(48, 24, 0, 255);
        assertThat(scorer.edgeDensity(img)).isEqualTo(48.0 / 2304.0);
        int[] perColumn = edgeCountPerColumn(img);
        int edgeColumns = 0;
        for (int x = 0; x < 48; x++) {
            if (perColumn[x] > 0) {
                edgeColumns++;
                assertThat(x).isIn(23, 24);
                assertThat(perColumn[x]).isEqualTo(48);
            }
        }
        assertThat(edgeColumns).isEqualTo(1);
        assertThat(scorer.score(img).edgeDensity()).isEqualTo(1.0 / 48.0);
    }

    @Test
    void cannyThresholdsAre50And150WithL1Gradient() {
        // Sobel magnitude at a step of d grey levels is 4d (L1: |dx| + |dy|, dy = 0).
        // d = 12 -> 48 <= 50: not even a weak edge.  d = 37 -> 148: weak only (<= 150), and with no
        // strong pixel to connect to, hysteresis drops it.  d = 38 -> 152 > 150: a strong edge.
        assertThat(scorer.edgeDensity(verticalStep(48, 24, 100, 112))).isZero();
        assertThat(scorer.edgeDensity(verticalStep(48, 24, 100, 137))).isZero();
        assertThat(scorer.edgeDensity(verticalStep(48, 24, 100, 138))).isEqualTo(1.0 / 48.0);
        // Custom thresholds are passed on: with high = 140 the d = 37 step is strong.
        try (QualityScorer loose = new QualityScorer(50, 140)) {
            assertThat(loose.edgeDensity(verticalStep(48, 24, 100, 137))).isEqualTo(1.0 / 48.0);
        }
    }

    private static int[] edgeCountPerColumn(GrayImage img) {
        Mat src = Mats.put(img, null);
        Mat edges = new Mat();
        Imgproc.Canny(src, edges, 50, 150);
        GrayImage e = Mats.get(edges);
        int[] counts = new int[img.width()];
        for (int y = 0; y < e.height(); y++) {
            for (int x = 0; x < e.width(); x++) {
                if (e.get(x, y) != 0) {
                    counts[x]++;
                }
            }
        }
        src.release();
        edges.release();
        return counts;
    }

    @Test
    void pureJavaStatsEqualOpenCvOn200RandomImages() {
        Random rnd = new Random(20240501L);
        double[] worst = new double[3];
        for (int i = 0; i < 200; i++) {
            byte[] p = new byte[48 * 48];
            rnd.nextBytes(p);
            GrayImage img = GrayImage.of(48, 48, p);
            double[] cv = openCvStats(img);
            QualityScores s = scorer.score(img);
            worst[0] = Math.max(worst[0], relErr(s.blurVariance(), cv[0]));
            worst[1] = Math.max(worst[1], relErr(s.brightness(), cv[1]));
            worst[2] = Math.max(worst[2], relErr(s.contrast(), cv[2]));
        }
        System.out.printf("parity vs OpenCV, 200 uniform-noise 48x48: max rel err blur %.2e, mean %.2e,"
                + " std %.2e%n", worst[0], worst[1], worst[2]);
        assertThat(worst[0]).isLessThanOrEqualTo(1e-12);
        assertThat(worst[1]).isLessThanOrEqualTo(1e-12);
        assertThat(worst[2]).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void lowContrastImagesMatchNumpyAndOpenCvWithinItsRoundingError() {
        // OpenCV's meanStdDev forms var = E[x^2] - mean^2 in doubles, which loses digits when the
        // variance is tiny next to mean^2 (a grey image with one odd pixel: ~1e-10 relative).
        // numpy's np.std (the original) subtracts the mean first, so the exact integer formula we
        // use agrees with a two-pass double computation to ~1e-15; against OpenCV we allow its own
        // cancellation error, a few ulps of E[x^2].
        Random rnd = new Random(99);
        double worstBlur = 0;
        double worstMean = 0;
        double worstStdTwoPass = 0;
        double worstStdCv = 0;
        for (int i = 0; i < 200; i++) {
            GrayImage img = lowContrastImage(rnd, i);
            double[] cv = openCvStats(img);
            QualityScores s = scorer.score(img);
            worstBlur = Math.max(worstBlur, relErr(s.blurVariance(), cv[0]));
            worstMean = Math.max(worstMean, relErr(s.brightness(), cv[1]));
            worstStdTwoPass = Math.max(worstStdTwoPass, relErr(s.contrast(), twoPassStd(img)));
            double meanSq = 0;
            for (byte b : img.pixelsUnsafe()) {
                meanSq += (b & 0xFF) * (b & 0xFF);
            }
            meanSq /= img.size();
            double varBound = 8 * Math.ulp(meanSq);
            double varErr = Math.abs(s.contrast() * s.contrast() - cv[2] * cv[2]);
            worstStdCv = Math.max(worstStdCv, relErr(s.contrast(), cv[2]));
            assertThat(varErr).as("image %d", i).isLessThanOrEqualTo(varBound);
        }
        System.out.printf("low-contrast 48x48 x200: blur vs OpenCV %.2e, mean %.2e, std vs two-pass "
                + "%.2e, std vs OpenCV %.2e (its cancellation)%n",
                worstBlur, worstMean, worstStdTwoPass, worstStdCv);
        assertThat(worstBlur).isLessThanOrEqualTo(1e-12);
        assertThat(worstMean).isLessThanOrEqualTo(1e-12);
        assertThat(worstStdTwoPass).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void realFer2013ImagesMatchOpenCv() {
        double[] worst = new double[3];
        var rows = Fer2013.firstTrainingRows(2000).subList(0, 500);
        for (Fer2013.Row r : rows) {
            double[] cv = openCvStats(r.image());
            QualityScores s = scorer.score(r.image());
            worst[0] = Math.max(worst[0], relErr(s.blurVariance(), cv[0]));
            worst[1] = Math.max(worst[1], relErr(s.brightness(), cv[1]));
            worst[2] = Math.max(worst[2], relErr(s.contrast(), cv[2]));
        }
        System.out.printf("parity vs OpenCV, first %d FER2013 Training rows: blur %.2e, mean %.2e, std %.2e%n",
                rows.size(), worst[0], worst[1], worst[2]);
        assertThat(worst[0]).isLessThanOrEqualTo(1e-12);
        assertThat(worst[1]).isLessThanOrEqualTo(1e-12);
        assertThat(worst[2]).isLessThanOrEqualTo(1e-12);
    }

    /** {blur variance, mean, std} from OpenCV: Laplacian CV_64F (ksize 1) + meanStdDev. */
    private static double[] openCvStats(GrayImage img) {
        Mat src = Mats.put(img, null);
        Mat lap = new Mat();
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        try {
            Imgproc.Laplacian(src, lap, CvType.CV_64F); // ksize 1, BORDER_DEFAULT = REFLECT_101
            Core.meanStdDev(lap, mean, std);
            double blur = std.toArray()[0] * std.toArray()[0];
            Core.meanStdDev(src, mean, std);
            return new double[] {blur, mean.toArray()[0], std.toArray()[0]};
        } finally {
            src.release();
            lap.release();
            mean.release();
            std.release();
        }
    }

    /** numpy's np.std algorithm: mean first, then the mean of squared deviations. */
    private static double twoPassStd(GrayImage img) {
        byte[] p = img.pixelsUnsafe();
        double sum = 0;
        for (byte b : p) {
            sum += b & 0xFF;
        }
        double mean = sum / p.length;
        double sq = 0;
        for (byte b : p) {
            double d = (b & 0xFF) - mean;
            sq += d * d;
        }
        return Math.sqrt(sq / p.length);
    }

    /** Low-contrast noise, smooth gradients and near-constant images. */
    private static GrayImage lowContrastImage(Random rnd, int i) {
        byte[] p = new byte[48 * 48];
        switch (i % 3) {
            case 0 -> {
                int base = rnd.nextInt(200);
                int span = 1 + rnd.nextInt(40);
                for (int k = 0; k < p.length; k++) {
                    p[k] = (byte) (base + rnd.nextInt(span));
                }
            }
            case 1 -> {
                double gx = rnd.nextDouble() * 4;
                double gy = rnd.nextDouble() * 4;
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        p[y * 48 + x] = (byte) Math.min(255, (int) (gx * x + gy * y + rnd.nextInt(3)));
                    }
                }
            }
            default -> {
                int v = rnd.nextInt(256);
                java.util.Arrays.fill(p, (byte) v);
                p[rnd.nextInt(p.length)] = (byte) (255 - v);
            }
        }
        return GrayImage.of(48, 48, p);
    }

    private static double relErr(double a, double b) {
        if (a == b) {
            return 0;
        }
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    @Test
    void closedScorerRefusesWorkAndCloseIsIdempotent() {
        QualityScorer s = new QualityScorer();
        s.close();
        s.close();
        assertThatThrownBy(() -> s.score(GrayImage.filled(4, 4, 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsBadThresholds() {
        assertThatThrownBy(() -> new QualityScorer(150, 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
