package io.ferstream.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Shared fixtures and recall bookkeeping for the face-detector tests. */
public final class FaceDetectorTestSupport {

    private FaceDetectorTestSupport() {}

    /** What a detector did on a set of images. */
    public record Recall(int images, int anyFace, int exactlyOne, int passedFaceCheck, long nanos) {
        public double recall() {
            return (double) anyFace / images;
        }

        public double oneRate() {
            return (double) exactlyOne / images;
        }

        public double passRate() {
            return (double) passedFaceCheck / images;
        }

        public double msPerImage() {
            return nanos / 1e6 / images;
        }

        public String describe(String what) {
            return String.format(
                    "%s: %d images, >=1 face %.2f%%, exactly one %.2f%%, face check (1 face, area > 0.30) %.2f%%,"
                            + " %.2f ms/image", what, images, 100 * recall(), 100 * oneRate(), 100 * passRate(),
                    msPerImage());
        }
    }

    /** Runs {@code detector} over {@code images}, checking every box lies inside its image. */
    public static Recall measure(FaceDetector detector, List<GrayImage> images) {
        int any = 0;
        int one = 0;
        int pass = 0;
        long t0 = System.nanoTime();
        for (GrayImage g : images) {
            List<FaceBox> boxes = detector.detect(g);
            for (FaceBox b : boxes) {
                if (!b.inside(g.width(), g.height())) {
                    throw new AssertionError(detector.name() + " returned " + b + " outside " + g);
                }
            }
            any += boxes.isEmpty() ? 0 : 1;
            one += boxes.size() == 1 ? 1 : 0;
            pass += FaceCheck.SEED.evaluate(boxes, g.width(), g.height()).passed() ? 1 : 0;
        }
        return new Recall(images.size(), any, one, pass, System.nanoTime() - t0);
    }

    /** Synthetic non-faces: uniform noise, flat grey, gradients, checkerboards. */
    public static List<GrayImage> syntheticNonFaces(int n, long seed) {
        Random rnd = new Random(seed);
        List<GrayImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[48 * 48];
            switch (i % 4) {
                case 0 -> rnd.nextBytes(p);
                case 1 -> java.util.Arrays.fill(p, (byte) rnd.nextInt(256));
                case 2 -> {
                    int dx = rnd.nextInt(5);
                    int dy = rnd.nextInt(5);
                    for (int k = 0; k < p.length; k++) {
                        p[k] = (byte) Math.min(255, (k % 48) * dx + (k / 48) * dy);
                    }
                }
                default -> {
                    int cell = 2 + rnd.nextInt(10);
                    for (int k = 0; k < p.length; k++) {
                        p[k] = (byte) ((((k % 48) / cell + (k / 48) / cell) % 2) * 255);
                    }
                }
            }
            out.add(GrayImage.of(48, 48, p));
        }
        return out;
    }

    /** Each face's pixels randomly permuted: same histogram, no face structure. */
    public static List<GrayImage> shuffled(List<Fer2013.Row> rows, long seed) {
        Random rnd = new Random(seed);
        List<GrayImage> out = new ArrayList<>();
        for (Fer2013.Row r : rows) {
            List<Byte> px = new ArrayList<>();
            for (byte b : r.image().pixelsUnsafe()) {
                px.add(b);
            }
            Collections.shuffle(px, rnd);
            byte[] p = new byte[px.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = px.get(i);
            }
            out.add(GrayImage.of(48, 48, p));
        }
        return out;
    }

    public static List<GrayImage> images(List<Fer2013.Row> rows) {
        return rows.stream().map(Fer2013.Row::image).toList();
    }

    public static boolean fullData() {
        return Boolean.getBoolean("fer.fullData");
    }
}
