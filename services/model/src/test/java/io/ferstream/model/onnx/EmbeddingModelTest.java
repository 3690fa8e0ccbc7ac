package io.ferstream.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import java.util.List;

import io.ferstream.model.Preprocessing;
import io.ferstream.model.Preprocessing.Layout;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.OpenCvLoader;
import io.ferstream.vision.SharedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

class EmbeddingModelTest {

    /** MobileFaceNet's input as MODELS.md gives it: 112x112 RGB NCHW, (x - 127.5) / 128. */
    private static final Preprocessing MOBILEFACENET = new Preprocessing(112, 112, Preprocessing.Color.RGB, null, 0.5f, 128f / 255f,
            Layout.NCHW, null, null, true);

    private static EmbeddingModel open(Path model, Preprocessing contract, String output) {
        return EmbeddingModel.load(model, contract, output, 1);
    }

    private static float[] embed(EmbeddingModel model, int side, byte[] pixels) {
        return model.embed(List.of(GrayImage.of(side, side, pixels)))[0];
    }

    @Test
    void aMissingModelIsNamedInTheError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> open(missing, MOBILEFACENET, null))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.model()).isEqualTo(missing))
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> open(dir, MOBILEFACENET, null))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aFileThatIsNoOnnxModelIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "this is not an ONNX model");
        assertThatThrownBy(() -> open(junk, MOBILEFACENET, null))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(junk.toAbsolutePath().toString())
                .hasMessageContaining("could not be loaded");
        assertThat(System.getProperty(DjlOffline.OFFLINE_PROPERTY)).as("offline before loading").isNotNull();
    }

    /** Against the real MobileFaceNet of shared/models; skipped (visibly) without it. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithMobileFaceNet {

        private Path model;
        private EmbeddingModel embedder;

        @BeforeAll
        void load() {
            model = SharedModels.requireOrSkip(SharedModels.MOBILEFACENET);
            embedder = open(model, MOBILEFACENET, null);
        }

        @AfterAll
        void close() {
            if (embedder != null) {
                embedder.close();
            }
        }

        @Test
        void embeds48x48GrayFacesInto128FiniteDeterministicValues() {
            byte[] face = noise(1);
            float[] a = embed(embedder, 48, face);
            assertThat(embedder.dimension()).isEqualTo(128);
            assertThat(embedder.name()).isEqualTo("onnx:mobilefacenet");
            assertThat(a).hasSize(128);
            double norm = 0;
            for (float v : a) {
                assertThat(Float.isFinite(v)).isTrue();
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isFinite().isGreaterThan(0.0);
            assertThat(embed(embedder, 48, face)).as("deterministic").containsExactly(a);
            // Other sizes (here already 112x112, and 96x96) go through the same path.
            assertThat(embed(embedder, 112, noise(2, 112 * 112))).hasSize(128);
            assertThat(embed(embedder, 96, noise(3, 96 * 96))).hasSize(128);
        }

        @Test
        void aBrighterCopyIsCloserThanAnotherImage() {
            byte[] a = smoothNoise(11);
            byte[] b = smoothNoise(12);
            byte[] brighter = new byte[a.length];
            for (int i = 0; i < a.length; i++) {
                brighter[i] = (byte) Math.min(255, (a[i] & 0xFF) + 12);
            }
            float[] ea = embed(embedder, 48, a);
            double toBrighter = cosineDistance(ea, embed(embedder, 48, brighter));
            double toOther = cosineDistance(ea, embed(embedder, 48, b));
            System.out.printf("MobileFaceNet cosine distance: brighter copy %.4f, another image %.4f%n", toBrighter, toOther);
            assertThat(toBrighter).isLessThan(toOther);
            assertThat(toBrighter).isLessThan(0.2);
        }

        @Test
        void matchesOpenCvDnnOnTheSameInputTensor() {
            OpenCvLoader.ensureLoaded();
            byte[] face = smoothNoise(21);
            float[] tensor = MOBILEFACENET.tensor(List.of(MOBILEFACENET.toInputGray(List.of(GrayImage.of(48, 48, face)))));
            float[] djl = embed(embedder, 48, face);

            Net net = Dnn.readNetFromONNX(model.toString());
            Mat blob = new Mat(new int[] {1, 3, 112, 112}, CvType.CV_32F);
            blob.put(new int[] {0, 0, 0, 0}, tensor);
            net.setInput(blob);
            Mat out = net.forward();
            assertThat(out.total()).isEqualTo(128);
            float[] cv = new float[128];
            out.reshape(1, 1).get(0, 0, cv);
            float maxDiff = 0;
            for (int i = 0; i < 128; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(djl[i] - cv[i]));
            }
            System.out.printf("MobileFaceNet DJL/ONNX Runtime vs OpenCV DNN: max |difference| %.2e%n", maxDiff);
            for (int i = 0; i < 128; i++) {
                assertThat(djl[i]).as("value %d", i).isCloseTo(cv[i], within(1e-4f));
            }
            blob.release();
            out.release();
        }

        @Test
        void aWrongInputNameIsReportedWithTheModelsInput() {
            assertThatThrownBy(() -> open(model, MOBILEFACENET.withNames("pixels", null), null))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("no input 'pixels'")
                    .hasMessageContaining("[input]");
            try (EmbeddingModel named = open(model, MOBILEFACENET.withNames("input", null), "embedding")) {
                assertThat(embed(named, 48, noise(1))).containsExactly(embed(embedder, 48, noise(1)));
            }
        }

        @Test
        void aWrongOutputNameOrShapeFailsAtLoadNotOnTheFirstFace() {
            assertThatThrownBy(() -> open(model, MOBILEFACENET, "logits"))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("no output 'logits'")
                    .hasMessageContaining("embedding");
            assertThatThrownBy(() -> open(model, new Preprocessing(112, 112, Preprocessing.Color.RGB, null, 0.5f, 128f / 255f, Layout.NHWC, null, null, true), null))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining(model.toAbsolutePath().toString())
                    .hasMessageContaining("1x112x112x3");
            assertThatThrownBy(() -> open(model, new Preprocessing(64, 64, Preprocessing.Color.RGB, null, 0.5f, 128f / 255f, Layout.NCHW, null, null, true), null))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("1x3x64x64");
        }

        @Test
        void rejectsPixelsThatDoNotMatchTheSize() {
            assertThatThrownBy(() -> embed(embedder, 48, new byte[10]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    static byte[] noise(long seed) {
        return noise(seed, 48 * 48);
    }

    static byte[] noise(long seed, int n) {
        byte[] pixels = new byte[n];
        new Random(seed).nextBytes(pixels);
        return pixels;
    }

    /** 6x6 random blocks upsampled to 48x48 with a mid-grey bias: image-like, not white noise. */
    static byte[] smoothNoise(long seed) {
        Random random = new Random(seed);
        int[] coarse = new int[36];
        for (int i = 0; i < coarse.length; i++) {
            coarse[i] = 40 + random.nextInt(170);
        }
        byte[] pixels = new byte[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                pixels[y * 48 + x] = (byte) (coarse[(y / 8) * 6 + x / 8] + random.nextInt(9) - 4);
            }
        }
        return pixels;
    }

    static double cosineDistance(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return 1 - dot / Math.sqrt(na * nb);
    }
}
