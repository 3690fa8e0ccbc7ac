package io.ferstream.vision;

import static io.ferstream.vision.FaceDetectorTestSupport.images;
import static io.ferstream.vision.FaceDetectorTestSupport.measure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferstream.vision.FaceDetectorTestSupport.Recall;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class HaarFaceDetectorTest {

    private static HaarFaceDetector detector;

    @BeforeAll
    static void open() {
        detector = new HaarFaceDetector();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void defaultsAreTheMeasuredSetting() {
        HaarFaceDetector.Config c = detector.config();
        assertThat(c.cascade()).isEqualTo(HaarFaceDetector.Cascade.FRONTALFACE_DEFAULT);
        assertThat(c.padFraction()).isEqualTo(0.25);
        assertThat(c.scaleFactor()).isEqualTo(1.1);
        assertThat(c.minNeighbors()).isEqualTo(3);
        assertThat(detector.name()).isEqualTo("haar:frontalface_default");
    }

    @Test
    void findsNoFaceInSyntheticNonFaces() {
        Recall r = measure(detector, FaceDetectorTestSupport.syntheticNonFaces(200, 1));
        assertThat(r.anyFace()).isZero();
    }

    @Test
    void missingCascadeResourceFailsWithAClearMessage() {
        assertThatThrownBy(() -> new HaarFaceDetector(HaarFaceDetector.Config.DEFAULT, "no/such/cascade.xml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no/such/cascade.xml")
                .hasMessageContaining("org.bytedeco:opencv");
    }

    @Test
    void nonCascadeXmlFailsWithAClearMessage() {
        assertThatThrownBy(() -> new HaarFaceDetector(HaarFaceDetector.Config.DEFAULT, "logback-test.xml"))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("logback-test.xml");
    }

    @Test
    void bothCascadesLoadFromTheBytedecoJar() {
        try (HaarFaceDetector alt2 = new HaarFaceDetector(
                HaarFaceDetector.Config.DEFAULT.withCascade(HaarFaceDetector.Cascade.FRONTALFACE_ALT2))) {
            assertThat(alt2.name()).isEqualTo("haar:frontalface_alt2");
            assertThat(alt2.detect(GrayImage.filled(48, 48, 128))).isEmpty();
        }
        assertThat(HaarFaceDetector.create(HaarFaceDetector.Config.DEFAULT))
                .isInstanceOfSatisfying(DetectorAvailability.Available.class, a -> a.detector().close());
    }

    @Test
    void validatesConfig() {
        assertThatThrownBy(() -> HaarFaceDetector.Config.DEFAULT.withPadFraction(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HaarFaceDetector.Config(HaarFaceDetector.Cascade.FRONTALFACE_DEFAULT, 0.25, 1.0, 3, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recallOnFirst2000TrainingRowsAndBoxesInsideTheFrame() {
        List<Fer2013.Row> rows = Fer2013.firstTrainingRows(2000);
        Recall r = measure(detector, images(rows)); // also asserts every box is inside 48x48
        System.out.println(r.describe("Haar frontalface_default, 25% pad, first 2,000 FER2013 Training rows"));
        // Measured 72.2% (tight, often non-frontal FER crops are harder than LFW's 95-98%).
        assertThat(r.recall()).isGreaterThan(0.65);
        // Boxes refer to the original 48x48 image: a found face covers a large share of it.
        assertThat(r.passRate()).isGreaterThan(0.98 * r.oneRate() - 0.01);

        // Without the pad, a face that fills the frame is mostly missed: the pad is what helps.
        try (HaarFaceDetector noPad = new HaarFaceDetector(HaarFaceDetector.Config.DEFAULT.withPadFraction(0))) {
            Recall bare = measure(noPad, images(rows.subList(0, 500)));
            System.out.println(bare.describe("Haar frontalface_default, no pad, first 500 rows"));
            assertThat(bare.recall()).isLessThan(r.recall());
        }
    }

    @Test
    void fewDetectionsOnShuffledFaces() {
        List<Fer2013.Row> rows = Fer2013.firstTrainingRows(2000).subList(0, 300);
        Recall r = measure(detector, FaceDetectorTestSupport.shuffled(rows, 5));
        System.out.println(r.describe("Haar on 300 pixel-shuffled FER2013 faces (false positives)"));
        assertThat(r.recall()).isLessThanOrEqualTo(0.02);
    }

    @Test
    @EnabledIfSystemProperty(named = "fer.fullData", matches = "true")
    void recallOnAllOfFer2013() {
        Fer2013.csvOrSkip();
        for (String usage : List.of("Training", "PublicTest", "PrivateTest")) {
            List<Fer2013.Row> rows = Fer2013.read(Fer2013.csvOrSkip(), usage::equals, Integer.MAX_VALUE);
            Recall r = measure(detector, images(rows));
            System.out.println(r.describe("FULL Haar frontalface_default 25% pad, " + usage));
        }
    }
}
