package io.ferstream.embedder.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.ferstream.embedder.embedding.OnnxEmbedder.ColorMode;
import io.ferstream.embedder.embedding.OnnxEmbedder.Config;
import io.ferstream.embedder.embedding.OnnxEmbedder.Layout;
import io.ferstream.vision.OpenCvLoader;
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

class OnnxEmbedderTest {

    private static final Path MODEL = Path.of("model.onnx");

    @Test
    void mobileFaceNetSettingsAreThoseOfMODELSmd() {
        Config c = Config.mobileFaceNet(MODEL);
        assertThat(c.inputName()).isNull();
        assertThat(c.outputName()).isNull();
        assertThat(c.width()).isEqualTo(112);
        assertThat(c.height()).isEqualTo(112);
        assertThat(c.layout()).isEqualTo(Layout.NCHW);
        assertThat(c.color()).isEqualTo(ColorMode.RGB);
        assertThat(c.inputShape()).containsExactly(1, 3, 112, 112);
        // (x - 127.5) / 128: 0 -> -0.996, 255 -> 0.996
        assertThat((0 - c.mean()) * c.scale()).isCloseTo(-127.5f / 128f, within(1e-7f));
        assertThat((255 - c.mean()) * c.scale()).isCloseTo(127.5f / 128f, within(1e-7f));
    }

    @Test
    void configRejectsWhatNoModelCouldTake() {
        Config ok = Config.mobileFaceNet(MODEL);
        assertThatThrownBy(() -> ok.withModel(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> ok.withLayout(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("layout");
        assertThatThrownBy(() -> ok.withColor(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("color");
        assertThatThrownBy(() -> ok.withSize(0, 112)).hasMessageContaining("input size").hasMessageContaining("0x112");
        assertThatThrownBy(() -> ok.withSize(112, -1)).hasMessageContaining("input size");
        assertThatThrownBy(() -> ok.withSize(5000, 5000)).hasMessageContaining("4096");
        assertThatThrownBy(() -> ok.withNormalisation(Float.NaN, 1f)).hasMessageContaining("mean");
        assertThatThrownBy(() -> ok.withNormalisation(0f, 0f)).hasMessageContaining("scale");
        assertThatThrownBy(() -> ok.withNormalisation(0f, Float.POSITIVE_INFINITY)).hasMessageContaining("scale");
        assertThatThrownBy(() -> ok.withInputName(" ")).hasMessageContaining("input name");
        assertThatThrownBy(() -> ok.withOutputName("")).hasMessageContaining("output name");
        assertThat(ok.withSize(64, 48).withLayout(Layout.NHWC).withColor(ColorMode.GRAY).inputShape())
                .containsExactly(1, 48, 64, 1);
    }

    @Test
    void blobIsNormalisedAndLaidOutPerLayoutAndColour() {
        byte[] gray = {0, (byte) 128, (byte) 255, 10}; // a 2x2 image
        Config base = Config.mobileFaceNet(MODEL).withSize(2, 2).withNormalisation(100f, 0.5f);
        float a = -50f, b = 14f, c = 77.5f, d = -45f;

        float[] grayBlob = new float[4];
        OnnxEmbedder.fillBlob(base.withColor(ColorMode.GRAY), gray, grayBlob);
        assertThat(grayBlob).containsExactly(a, b, c, d);

        float[] planar = new float[12];
        OnnxEmbedder.fillBlob(base, gray, planar);
        assertThat(planar).containsExactly(a, b, c, d, a, b, c, d, a, b, c, d);

        float[] interleaved = new float[12];
        OnnxEmbedder.fillBlob(base.withLayout(Layout.NHWC), gray, interleaved);
        assertThat(interleaved).containsExactly(a, a, a, b, b, b, c, c, c, d, d, d);
    }

    @Test
    void aMissingModelIsNamedInTheError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(missing)))
                .isInstanceOfSatisfying(EmbeddingModelException.class, e -> assertThat(e.model()).isEqualTo(missing))
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(dir)))
                .isInstanceOf(EmbeddingModelException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aFileThatIsNoOnnxModelIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "this is not an ONNX model");
        assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(junk)))
                .isInstanceOf(EmbeddingModelException.class)
                .hasMessageContaining(junk.toAbsolutePath().toString())
                .hasMessageContaining("could not be loaded");
        assertThat(System.getProperty(OnnxEmbedder.OFFLINE_PROPERTY)).as("offline before loading").isNotNull();
    }

    /** Against the real MobileFaceNet of shared/models; skipped (visibly) without it. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithMobileFaceNet {

        private Path model;
        private OnnxEmbedder embedder;

        @BeforeAll
        void load() {
            model = SharedModels.requireOrSkip(SharedModels.MOBILEFACENET);
            embedder = new OnnxEmbedder(Config.mobileFaceNet(model));
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
            float[] a = embedder.embed(48, 48, face);
            assertThat(embedder.dimension()).isEqualTo(128);
            assertThat(embedder.name()).isEqualTo("onnx:mobilefacenet");
            assertThat(a).hasSize(128);
            double norm = 0;
            for (float v : a) {
                assertThat(Float.isFinite(v)).isTrue();
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isFinite().isGreaterThan(0.0);
            assertThat(embedder.embed(48, 48, face)).as("deterministic").containsExactly(a);
            // Other sizes (here already 112x112, and 96x96) go through the same path.
            assertThat(embedder.embed(112, 112, noise(2, 112 * 112))).hasSize(128);
            assertThat(embedder.embed(96, 96, noise(3, 96 * 96))).hasSize(128);
        }

        @Test
        void aBrighterCopyIsCloserThanAnotherImage() {
            byte[] a = smoothNoise(11);
            byte[] b = smoothNoise(12);
            byte[] brighter = new byte[a.length];
            for (int i = 0; i < a.length; i++) {
                brighter[i] = (byte) Math.min(255, (a[i] & 0xFF) + 12);
            }
            float[] ea = embedder.embed(48, 48, a);
            double toBrighter = cosineDistance(ea, embedder.embed(48, 48, brighter));
            double toOther = cosineDistance(ea, embedder.embed(48, 48, b));
            System.out.printf("MobileFaceNet cosine distance: brighter copy %.4f, another image %.4f%n", toBrighter, toOther);
            assertThat(toBrighter).isLessThan(toOther);
            assertThat(toBrighter).isLessThan(0.2);
        }

        @Test
        void matchesOpenCvDnnOnTheSameInputTensor() {
            OpenCvLoader.ensureLoaded();
            byte[] face = smoothNoise(21);
            float[] tensor = embedder.inputTensor(48, 48, face);
            float[] djl = embedder.embed(48, 48, face);

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
            assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(model).withInputName("pixels")))
                    .isInstanceOf(EmbeddingModelException.class)
                    .hasMessageContaining("no input 'pixels'")
                    .hasMessageContaining("[input]");
            try (OnnxEmbedder named = new OnnxEmbedder(Config.mobileFaceNet(model).withInputName("input")
                    .withOutputName("embedding"))) {
                assertThat(named.embed(48, 48, noise(1))).containsExactly(embedder.embed(48, 48, noise(1)));
            }
        }

        @Test
        void aWrongOutputNameOrShapeFailsAtLoadNotOnTheFirstFace() {
            assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(model).withOutputName("logits")))
                    .isInstanceOf(EmbeddingModelException.class)
                    .hasMessageContaining("no output 'logits'")
                    .hasMessageContaining("embedding");
            assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(model).withLayout(Layout.NHWC)))
                    .isInstanceOf(EmbeddingModelException.class)
                    .hasMessageContaining(model.toAbsolutePath().toString())
                    .hasMessageContaining("1x112x112x3 NHWC");
            assertThatThrownBy(() -> new OnnxEmbedder(Config.mobileFaceNet(model).withSize(64, 64)))
                    .isInstanceOf(EmbeddingModelException.class)
                    .hasMessageContaining("1x3x64x64");
        }

        @Test
        void rejectsPixelsThatDoNotMatchTheSize() {
            assertThatThrownBy(() -> embedder.embed(48, 48, new byte[10]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("48x48");
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
