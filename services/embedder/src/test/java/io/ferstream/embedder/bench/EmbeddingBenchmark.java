package io.ferstream.embedder.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.embedder.embedding.HogEmbedder;
import io.ferstream.embedder.embedding.EmbedderFactory;
import io.ferstream.embedder.embedding.ModelEmbedder;
import io.ferstream.model.onnx.EmbeddingModel;
import io.ferstream.vision.SharedModels;
import io.ferstream.vision.OpenCvLoader;

/**
 * Embeddings per second on 48×48 faces, one thread: {@code hog}, then MobileFaceNet through
 * {@link ModelEmbedder} (the model layer's {@link EmbeddingModel}) with one ONNX Runtime thread (the per-stream-thread figure) and with two.
 * Each is warmed up for {@code warmupSeconds}, then timed over {@code seconds} (defaults 3 and 10)
 * in three rounds; the median and best rounds are printed. On a machine with 2 or more cores, both
 * providers then run on 2 threads with one embedder each (two stream threads), summed.
 *
 * <p>Faces: the first 1,000 FER2013 rows when {@code shared/data/fer2013/fer2013.csv.gz} is found
 * beside the repository, else 1,000 synthetic smooth-noise images. MobileFaceNet is skipped (with a
 * line saying so) without {@code shared/models/mobilefacenet.onnx}. Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -q -o -pl services/embedder test-compile \
 *   org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   "-Dexec.args=-cp %classpath io.ferstream.embedder.bench.EmbeddingBenchmark 3 10"
 * </pre>
 */
public final class EmbeddingBenchmark {

    private static final int SIDE = 48;
    private static final int IMAGES = 1000;
    private static final int ROUNDS = 3;

    /** Where results go so the JIT cannot drop the work. */
    private static volatile float blackhole;

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        OpenCvLoader.setNumThreads(1);
        List<byte[]> faces = faces();
        System.out.printf("cores %d, Java %s, %d faces, warm-up %.0f s, %d rounds of %.0f s each%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), faces.size(),
                warmupSeconds, ROUNDS, seconds / ROUNDS);

        run("hog", HogEmbedder::new, faces, warmupSeconds, seconds);
        Optional<Path> model = SharedModels.find(SharedModels.MOBILEFACENET);
        if (model.isEmpty()) {
            System.out.println("mobilefacenet: SKIPPED, shared/models/" + SharedModels.MOBILEFACENET + " not found");
            return;
        }
        Path file = model.get();
        Supplier<Embedder> oneThread = () -> mobileFaceNet(file, 1);
        run("mobilefacenet (onnx, 1 ORT thread)", oneThread, faces, warmupSeconds, seconds);
        run("mobilefacenet (onnx, 2 ORT threads)", () -> mobileFaceNet(file, 2), faces, warmupSeconds, seconds);
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores > 1) {
            runParallel("hog, 2 threads", HogEmbedder::new, 2, faces, warmupSeconds, seconds);
            runParallel("mobilefacenet, 2 threads x 1 ORT thread", oneThread, 2, faces,
                    warmupSeconds, seconds);
        }
    }

    private static void run(String label, Supplier<Embedder> embedders, List<byte[]> faces, double warmupSeconds,
                            double seconds) {
        long loadStart = System.nanoTime();
        try (Embedder embedder = embedders.get()) {
            double loadMs = (System.nanoTime() - loadStart) / 1e6;
            float sink = loop(embedder, faces, warmupSeconds)[1];
            double[] rates = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                float[] result = loop(embedder, faces, seconds / ROUNDS);
                rates[r] = result[0];
                sink += result[1];
            }
            blackhole = sink;
            Arrays.sort(rates);
            System.out.printf("%-38s %7.0f embeddings/s (median round; best %.0f), %.3f ms each, load %.0f ms%n", label,
                    rates[ROUNDS / 2], rates[ROUNDS - 1], 1000 / rates[ROUNDS / 2], loadMs);
        }
    }

    /** {@code threads} threads, each with its own embedder (as stream threads have): the summed rate. */
    private static void runParallel(String label, Supplier<Embedder> embedders, int threads, List<byte[]> faces,
                                    double warmupSeconds, double seconds) throws InterruptedException {
        double[] rates = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                try (Embedder embedder = embedders.get()) {
                    float sink = loop(embedder, faces, warmupSeconds)[1];
                    float[] result = loop(embedder, faces, seconds);
                    rates[index] = result[0];
                    blackhole = sink + result[1];
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double total = Arrays.stream(rates).sum();
        System.out.printf("%-38s %7.0f embeddings/s (sum over %d threads)%n", label, total, threads);
    }

    /** Embeds faces in turn for about {@code seconds}; returns {rate, a checksum that keeps the work alive}. */
    private static float[] loop(Embedder embedder, List<byte[]> faces, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        float sink = 0;
        int next = 0;
        long elapsed;
        do {
            for (int i = 0; i < 50; i++) {
                float[] e = embedder.embed(SIDE, SIDE, faces.get(next));
                sink += e[0];
                next = (next + 1) % faces.size();
            }
            count += 50;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new float[] {(float) (count / (elapsed / 1e9)), sink};
    }

    private static List<byte[]> faces() throws IOException {
        Optional<Path> csv = sharedFile(Path.of("shared", "data", "fer2013", "fer2013.csv.gz"));
        List<byte[]> faces = new ArrayList<>();
        if (csv.isPresent()) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(csv.get())), StandardCharsets.US_ASCII))) {
                in.readLine(); // emotion,pixels,Usage
                String line;
                while (faces.size() < IMAGES && (line = in.readLine()) != null) {
                    String[] values = line.split(",")[1].split(" ");
                    byte[] face = new byte[SIDE * SIDE];
                    for (int i = 0; i < face.length; i++) {
                        face[i] = (byte) Integer.parseInt(values[i]);
                    }
                    faces.add(face);
                }
            }
            System.out.println("faces: FER2013 (" + csv.get() + ")");
            return faces;
        }
        Random random = new Random(7);
        for (int n = 0; n < IMAGES; n++) {
            byte[] face = new byte[SIDE * SIDE];
            int[] coarse = new int[36];
            for (int i = 0; i < coarse.length; i++) {
                coarse[i] = 40 + random.nextInt(170);
            }
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    face[y * SIDE + x] = (byte) (coarse[(y / 8) * 6 + x / 8] + random.nextInt(9) - 4);
                }
            }
            faces.add(face);
        }
        System.out.println("faces: synthetic smooth noise (shared/data/fer2013 not found)");
        return faces;
    }

    private static Optional<Path> sharedFile(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return Optional.of(dir.resolve(relative));
            }
        }
        return Optional.empty();
    }

    private static Embedder mobileFaceNet(Path file, int ortThreads) {
        return new ModelEmbedder(EmbeddingModel.load(file, EmbedderFactory.MOBILEFACENET, null, ortThreads), "onnx:mobilefacenet");
    }
}
