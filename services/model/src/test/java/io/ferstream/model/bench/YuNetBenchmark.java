package io.ferstream.model.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.OpenCvLoader;
import io.ferstream.vision.bench.VisionBenchmarks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH throughput of the shipped YuNet 2023mar at 128 px on 48×48 images (the images of
 * {@link VisionBenchmarks}), one OpenCV thread; the score is images/s. Run as VisionBenchmarks says,
 * with {@code -pl services/model} and {@code io.ferstream.model.bench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class YuNetBenchmark {

    private List<GrayImage> images;
    private int next;
    private FaceDetector yunet;

    @Setup(Level.Trial)
    public void setUp() {
        OpenCvLoader.setNumThreads(1);
        images = VisionBenchmarks.loadImages(1000);
        DetectorAvailability a = YuNetDetector.shipped();
        if (a instanceof DetectorAvailability.Unavailable u) {
            throw new IllegalStateException("YuNet unavailable: " + u.reason());
        }
        yunet = ((DetectorAvailability.Available) a).detector();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        yunet.close();
    }

    @Benchmark
    public List<FaceBox> yunetFaces() {
        GrayImage g = images.get(next);
        next = (next + 1) % images.size();
        return yunet.detect(g);
    }
}
