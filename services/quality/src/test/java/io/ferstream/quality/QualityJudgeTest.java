package io.ferstream.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.platform.stage.Judgement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Expected scores are worked out by hand from the definitions (comments give the arithmetic);
 * the checks' order and bounds are the original cleaner's.
 */
class QualityJudgeTest {

    private final QualityJudge judge = new QualityJudge(QualityThresholds.SEED);

    @AfterEach
    void close() {
        judge.close();
    }

    private static FaceImage image(byte[] pixels) {
        return FaceImage.newBuilder().setId("t").setRunId("r").setDataset("d").setSplit(Split.TRAIN)
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels))
                .setSource("s").setIngestTime(java.time.Instant.EPOCH).build();
    }

    private static byte[] checkerboard(int a, int b) {
        byte[] pixels = new byte[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                pixels[y * 48 + x] = (byte) ((x + y) % 2 == 0 ? a : b);
            }
        }
        return pixels;
    }

    /** Vertical stripes 6 px wide alternating 60 and 180 (4 stripes of each). */
    private static byte[] stripes() {
        byte[] pixels = new byte[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                pixels[y * 48 + x] = (byte) ((x / 6) % 2 == 0 ? 60 : 180);
            }
        }
        return pixels;
    }

    @Test
    void constantImageFailsBlurFirstButCarriesAllFourScores() {
        Judgement j = judge.judge(image(new byte[48 * 48]));
        assertThat(j.passed()).isFalse();
        assertThat(j.reason()).isEqualTo("blur");
        assertThat(j.scores()).containsOnlyKeys("blur", "brightness", "contrast", "edge_density");
        assertThat(j.scores().get("blur")).isZero();
        assertThat(j.scores().get("edge_density")).isZero();
        assertThat(j.thresholds()).containsEntry("blur.min", 80.0).containsEntry("contrast.min", 20.0);
    }

    @Test
    void brightCheckerboardIsSharpButTooBright() {
        // 255/205 checkerboard: every pixel's 4 neighbours have the other value (also at the border under
        // reflect-101), so Laplacian = ±4·50 = ±200, mean 0, variance 40,000; mean 230 >= 220.
        Judgement j = judge.judge(image(checkerboard(255, 205)));
        assertThat(j.scores().get("blur")).isCloseTo(40_000.0, within(1e-9));
        assertThat(j.scores().get("brightness")).isCloseTo(230.0, within(1e-12));
        assertThat(j.scores().get("contrast")).isCloseTo(25.0, within(1e-12));
        assertThat(j.reason()).isEqualTo("brightness");
    }

    @Test
    void contrastBoundIsStrictlyBelow() {
        // 100/139: std = 19.5 < 20 fails; 100/140: std = 20 passes contrast (and fails edge density:
        // a 1-px checkerboard has zero Sobel gradient inside the image, period 2, so Canny finds almost
        // no edges; only the replicated border breaks the pattern).
        assertThat(judge.judge(image(checkerboard(100, 139))).reason()).isEqualTo("contrast");
        Judgement atBound = judge.judge(image(checkerboard(100, 140)));
        assertThat(atBound.scores().get("contrast")).isCloseTo(20.0, within(1e-12));
        assertThat(atBound.scores().get("edge_density")).isLessThan(0.01);
        assertThat(atBound.reason()).isEqualTo("edge_density");
    }

    @Test
    void stripesPassEveryCheck() {
        // Laplacian is ±120 on the 14 columns beside the 7 stripe boundaries, 0 elsewhere:
        // variance = 14/48 · 120² = 4,200. Mean 120, std 60. Canny marks the 7 boundaries (1 or 2 px
        // wide): density 7/48 or 14/48, inside [0.05, 0.30].
        Judgement j = judge.judge(image(stripes()));
        assertThat(j.scores().get("blur")).isCloseTo(4_200.0, within(1e-9));
        assertThat(j.scores().get("brightness")).isCloseTo(120.0, within(1e-12));
        assertThat(j.scores().get("contrast")).isCloseTo(60.0, within(1e-12));
        assertThat(j.scores().get("edge_density")).isIn(7.0 / 48, 14.0 / 48);
        assertThat(j.passed()).isTrue();
    }

    @Test
    void blurBoundIsStrict() {
        QualityJudge strict = new QualityJudge(new QualityThresholds(4_200, 40, 220, 20, 0.05, 0.30));
        try {
            assertThat(strict.judge(image(stripes())).reason()).isEqualTo("blur");
        } finally {
            strict.close();
        }
    }
}
