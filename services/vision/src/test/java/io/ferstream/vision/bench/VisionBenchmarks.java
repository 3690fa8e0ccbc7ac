package io.ferstream.vision.bench;

import io.ferstream.vision.Clahe;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.HaarFaceDetector;
import io.ferstream.vision.OpenCvLoader;
import io.ferstream.vision.PixelStats;
import io.ferstream.vision.QualityScorer;
import io.ferstream.vision.QualityScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH throughput of the vision logic on 48×48 images, single thread; the score is images/s.
 *
 * <p>Images: the first 1,000 FER2013 Training rows when {@code shared/data/fer2013} is found beside
 * the repository, else 1,000 synthetic smooth-noise images (printed at setup). Each call takes the
 * next image in turn.
 *
 * <p>Run from the repository root (builds the test classes, then JMH on the test classpath):
 *
 * <pre>
 * ./mvnw -B -q -pl services/vision test-compile \
 *   org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   "-Dexec.args=-cp %classpath org.openjdk.jmh.Main io.ferstream.vision.bench"
 * </pre>
 *
 * <p>Append JMH options inside {@code exec.args}, e.g. {@code -f 1 -wi 2 -i 3 -r 2s} for a short
 * run, or a narrower regex such as {@code VisionBenchmarks.quality} (the full default run takes about
 * 6 minutes). {@code cvThreads} = 1 pins OpenCV to one thread ({@code Core.setNumThreads(1)}), the
 * per-core figure; -1 leaves OpenCV's default thread pool (add {@code -p cvThreads=1,-1} to compare). YuNet's benchmark is the model
 * layer's ({@code io.ferstream.model.bench.YuNetBenchmark}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class VisionBenchmarks {

    @Param({"1"})
    int cvThreads;

    private List<GrayImage> images;
    private int next;
    private QualityScorer scorer;
    private Clahe clahe;
    private HaarFaceDetector haar;

    @Setup(Level.Trial)
    public void setUp() {
        OpenCvLoader.ensureLoaded();
        OpenCvLoader.setNumThreads(cvThreads);
        images = loadImages(1000);
        scorer = new QualityScorer();
        clahe = new Clahe();
        haar = new HaarFaceDetector();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scorer.close();
        clahe.close();
        haar.close();
    }

    private GrayImage nextImage() {
        GrayImage g = images.get(next);
        next = next + 1 == images.size() ? 0 : next + 1;
        return g;
    }

    /** All four quality scores (pure-Java blur/brightness/contrast + OpenCV Canny). */
    @Benchmark
    public QualityScores quality() {
        return scorer.score(nextImage());
    }

    /** Only the pure-Java part: Laplacian variance, mean, std. */
    @Benchmark
    public double qualityPureJavaStats() {
        GrayImage g = nextImage();
        return PixelStats.laplacianVariance(g) + PixelStats.mean(g) + PixelStats.std(g);
    }

    /** Only the OpenCV part: Canny(50,150) + countNonZero. */
    @Benchmark
    public double qualityCannyEdgeDensity() {
        return scorer.edgeDensity(nextImage());
    }

    @Benchmark
    public GrayImage clahe() {
        return clahe.apply(nextImage());
    }

    /** Haar frontalface_default on the 48×48 crop with the 25 % replicate pad. */
    @Benchmark
    public List<FaceBox> haarFaces() {
        return haar.detect(nextImage());
    }

    /** The first {@code n} FER2013 Training rows, or synthetic face-like images without shared/ (also the model layer's benchmark input). */
    public static List<GrayImage> loadImages(int n) {
        if (Fer2013.csv().isPresent()) {
            System.out.println("# images: first " + n + " FER2013 Training rows");
            return Fer2013.read(Fer2013.csv().get(), "Training"::equals, n).stream()
                    .map(Fer2013.Row::image).toList();
        }
        System.out.println("# images: " + n + " synthetic (FER2013 not found)");
        Random rnd = new Random(1);
        List<GrayImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[48 * 48];
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    double v = 128 + 60 * Math.sin((x + i) / 6.0) * Math.cos(y / 7.0) + rnd.nextGaussian() * 15;
                    p[y * 48 + x] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
            out.add(GrayImage.of(48, 48, p));
        }
        return out;
    }
}
