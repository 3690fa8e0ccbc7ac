package io.ferstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.platform.stage.EnhancerVerdict;
import io.ferstream.platform.stage.Judgement;
import io.ferstream.vision.OpenCvLoader;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

class EnhanceJudgeTest {

    @Test
    void appliesOpenCvClaheWithTheSeedParametersAndKeepsEveryImage() {
        // A low-contrast image: values 100..119.
        byte[] pixels = new byte[48 * 48];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (100 + random.nextInt(20));
        }
        FaceImage image = FaceImage.newBuilder().setId("t").setRunId("r").setDataset("d").setSplit(Split.TRAIN)
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels))
                .setSource("s").setIngestTime(Instant.EPOCH).build();

        Judgement j;
        try (EnhanceJudge judge = new EnhanceJudge(2.0, 8)) {
            j = judge.judge(image);
        }

        OpenCvLoader.ensureLoaded();
        Mat in = new Mat(48, 48, CvType.CV_8UC1);
        in.put(0, 0, pixels);
        Mat out = new Mat();
        CLAHE clahe = Imgproc.createCLAHE(2.0, new Size(8, 8));
        clahe.apply(in, out);
        byte[] expected = new byte[48 * 48];
        out.get(0, 0, expected);

        assertThat(j.passed()).isTrue();
        byte[] actual = new byte[j.newPixels().remaining()];
        j.newPixels().duplicate().get(actual);
        assertThat(actual).isEqualTo(expected);
        assertThat(j.scores().get("contrast_after")).isGreaterThan(j.scores().get("contrast_before"));
        assertThat(j.thresholds()).containsEntry(EnhancerVerdict.CLIP_LIMIT, 2.0).containsEntry(EnhancerVerdict.TILES, 8.0);
    }
}
