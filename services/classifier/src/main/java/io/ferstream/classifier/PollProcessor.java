package io.ferstream.classifier;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.ferstream.events.Emotion;
import io.ferstream.events.FacePrediction;
import io.ferstream.events.Frame;
import io.ferstream.events.Prediction;
import io.ferstream.model.detect.DetectedFace;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.frames.FrameDecoder;
import io.ferstream.vision.frames.UnreadableFrameException;

/**
 * What the classifier does with one poll's frames, apart from Kafka: drop the stale, decode, detect
 * every face, crop, classify all faces of all frames in one model call ({@link FaceBatch}), smooth
 * per session, and build one {@link Prediction} per served frame. One {@link Outcome} per frame, in
 * order. The model is the poll's: one model serves the whole poll, whatever is swapped in meanwhile.
 * With more than one detector, the frames of a poll are decoded, searched for faces and cropped on a
 * small pool of threads, one detector each (YuNet is not thread-safe); classification stays one
 * batch on the calling thread. Not thread-safe itself (the smoother is the loop's own).
 */
public final class PollProcessor implements AutoCloseable {

    /** What became of one frame. */
    public sealed interface Outcome {
        /** Served. */
        record Predicted(Prediction prediction) implements Outcome {
        }

        /** Older than the limit when polled: dropped, never served late. */
        record Stale(long ageMillis) implements Outcome {
        }

        /** Not an image the classifier can read; goes to the dead letters with the reason. */
        record Unreadable(UnreadableFrameException error) implements Outcome {
        }
    }

    /** Latency keys of {@link Prediction#getLatenciesMs()}. */
    public static final List<String> STEPS = List.of("queue", "decode", "detect", "classify", "total");

    private final ClassifierConfig config;
    /** Detectors not in use at this moment; a frame being prepared holds one. */
    private final BlockingQueue<YuNetDetector> detectors;
    /** Prepares frames when there is more than one detector; null: the calling thread does. */
    private final ExecutorService pool;
    private final FrameDecoder decoder;
    private final SessionSmoother smoother;
    private final LongSupplier clockMillis;

    /**
     * {@code detectors}: one per thread that prepares frames (the caller keeps and closes them);
     * {@code smoother} is null when smoothing is off; {@code clockMillis} is wall-clock time (capture times are).
     */
    public PollProcessor(ClassifierConfig config, List<YuNetDetector> detectors, SessionSmoother smoother, LongSupplier clockMillis) {
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("at least one detector");
        }
        this.config = config;
        this.detectors = new ArrayBlockingQueue<>(detectors.size(), false, detectors);
        AtomicInteger threads = new AtomicInteger();
        this.pool = detectors.size() == 1 ? null : Executors.newFixedThreadPool(detectors.size(), task -> {
            Thread thread = new Thread(task, "fer-classifier-decode-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.decoder = new FrameDecoder(config.frameLimits());
        this.smoother = smoother;
        this.clockMillis = clockMillis;
    }

    /** A frame on its way through the poll: its faces found, cropped and timed. */
    private record Served(Frame frame, List<DetectedFace> faces, List<GrayImage> crops, double decodeMs, double detectMs) {
    }

    /** The outcomes of {@code frames}, every face classified by {@code model}. */
    public List<Outcome> process(List<Frame> frames, LiveModel model) {
        long polledAt = clockMillis.getAsLong();
        long polledNanos = System.nanoTime();
        Outcome[] outcomes = new Outcome[frames.size()];
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            long age = polledAt - frames.get(i).getCapturedAt().toEpochMilli();
            if (age > config.maxFrameAge().toMillis()) {
                outcomes[i] = new Outcome.Stale(age);
            } else {
                fresh.add(i);
            }
        }
        List<Served> served = new ArrayList<>();
        List<Integer> servedAt = new ArrayList<>();
        List<Future<Served>> prepared = new ArrayList<>(fresh.size());
        for (int i : fresh) {
            Callable<Served> task = () -> prepareWithADetector(frames.get(i));
            prepared.add(pool == null ? completed(task) : pool.submit(task));
        }
        for (int k = 0; k < fresh.size(); k++) {
            int i = fresh.get(k);
            try {
                served.add(prepared.get(k).get());
                servedAt.add(i);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnreadableFrameException unreadable)) {
                    throw new IllegalStateException("preparing a frame failed: " + e.getCause(), e.getCause());
                }
                outcomes[i] = new Outcome.Unreadable(unreadable);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing frames", e);
            }
        }
        List<List<GrayImage>> crops = new ArrayList<>(served.size());
        for (Served s : served) {
            crops.add(s.crops());
        }
        long classifyStart = System.nanoTime();
        FaceBatch batch = FaceBatch.assemble(crops, model.classifier().contract());
        float[][] rows = batch.faces() == 0 ? new float[0][] : model.classifier().predict(batch.tensor(), batch.faces());
        List<List<float[]>> probabilities = batch.split(rows);
        double classifyMs = millis(System.nanoTime() - classifyStart);
        for (int k = 0; k < served.size(); k++) {
            Served s = served.get(k);
            Map<String, Double> latencies = new LinkedHashMap<>();
            latencies.put("queue", (double) Math.max(0, polledAt - s.frame().getCapturedAt().toEpochMilli()));
            latencies.put("decode", s.decodeMs());
            latencies.put("detect", s.detectMs());
            latencies.put("classify", classifyMs);
            latencies.put("total", millis(System.nanoTime() - polledNanos));
            outcomes[servedAt.get(k)] = new Outcome.Predicted(prediction(s, model, probabilities.get(k), latencies));
        }
        if (smoother != null) {
            smoother.evictIdle(polledAt);
        }
        return List.of(outcomes);
    }

    /** {@code task} run here and now, as a future (what the pool would give). */
    private static Future<Served> completed(Callable<Served> task) {
        try {
            return CompletableFuture.completedFuture(task.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Served prepareWithADetector(Frame frame) throws InterruptedException {
        YuNetDetector detector = detectors.take();
        try {
            return prepare(frame, detector);
        } finally {
            detectors.add(detector);
        }
    }

    /**
     * Decodes {@code frame}, finds its faces and crops them; {@code decode} is the frame's decoding,
     * {@code detect} the search for faces.
     *
     * @throws UnreadableFrameException when the frame cannot be read or the detector refuses it
     */
    private Served prepare(Frame frame, YuNetDetector detector) {
        long start = System.nanoTime();
        GrayImage image = decoder.decode(FrameDecoder.Encoding.valueOf(frame.getEncoding().name()), frame.getWidth(),
                frame.getHeight(), bytes(frame));
        long decoded = System.nanoTime();
        List<DetectedFace> faces;
        try {
            faces = detector.detectFaces(image);
        } catch (RuntimeException e) { // e.g. OpenCV refusing a 1×4096 frame: that frame's fault, the loop goes on
            throw new UnreadableFrameException("face detection failed on this " + image.width() + "x" + image.height()
                    + " frame: " + e.getMessage());
        }
        long detected = System.nanoTime();
        return new Served(frame, faces, FaceCrops.crops(image, boxes(faces), config.cropMargin()), millis(decoded - start),
                millis(detected - decoded));
    }

    /** Stops the threads that prepare frames (the detectors are the caller's to close). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private Prediction prediction(Served s, LiveModel model, List<float[]> raw, Map<String, Double> latencies) {
        List<FaceBox> boxes = boxes(s.faces());
        List<SessionSmoother.Smoothed> smoothed = smoother == null ? null
                : smoother.smooth(s.frame().getSessionId(), clockMillis.getAsLong(), boxes, raw);
        List<FacePrediction> faces = new ArrayList<>(raw.size());
        for (int f = 0; f < raw.size(); f++) {
            DetectedFace face = s.faces().get(f);
            float[] shown = smoothed == null ? raw.get(f) : smoothed.get(f).probabilities();
            int label = argmax(shown);
            faces.add(FacePrediction.newBuilder()
                    .setBox(io.ferstream.events.FaceBox.newBuilder().setX(face.box().x()).setY(face.box().y())
                            .setWidth(face.box().w()).setHeight(face.box().h()).build())
                    .setLabel(Emotion.values()[label]).setConfidence(shown[label])
                    .setProbabilities(floats(raw.get(f))).setSmoothedProbabilities(floats(shown))
                    .setLandmarks(floats(face.landmarks())).setDetectorScore(face.score())
                    .setTrackId(smoothed == null ? -1 : smoothed.get(f).trackId())
                    .build());
        }
        return Prediction.newBuilder()
                .setFrameId(s.frame().getId()).setSessionId(s.frame().getSessionId()).setSequence(s.frame().getSequence())
                .setFaces(faces).setModelName(model.name()).setModelVersion(model.version())
                .setLatenciesMs(latencies).setCapturedAt(s.frame().getCapturedAt())
                .setPredictedAt(Instant.ofEpochMilli(clockMillis.getAsLong()))
                .build();
    }

    private static List<FaceBox> boxes(List<DetectedFace> faces) {
        return faces.stream().map(DetectedFace::box).toList();
    }

    /** A frame's encoded bytes, leaving its buffer as it was. */
    static byte[] bytes(Frame frame) {
        ByteBuffer pixels = frame.getPixels().duplicate();
        byte[] out = new byte[pixels.remaining()];
        pixels.get(out);
        return out;
    }

    /** The index of the largest value (the first of equals): a probability row's label. */
    public static int argmax(float[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
