package io.ferstream.faces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.ferstream.vision.GrayImage;
import io.ferstream.vision.OpenCvLoader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * 48×48 images that hold no face, of the kinds that slip into scraped face datasets: blank and dark
 * frames, gradients, noise, text and geometric shapes. Deterministic (fixed seed).
 */
final class SyntheticNonFaces {

    /** One non-face and what kind it is, for failure messages. */
    record NonFace(String kind, GrayImage image) {
    }

    private static final int SIDE = 48;
    private static final String[] WORDS = {"FER", "A", "42", "xyz", "OK", "Hi", "no", "@", "%", "88"};

    private SyntheticNonFaces() {
    }

    static List<NonFace> all() {
        OpenCvLoader.ensureLoaded();
        Random random = new Random(7);
        List<NonFace> images = new ArrayList<>();
        for (int value = 0; value < 256; value += 5) {
            byte[] pixels = new byte[SIDE * SIDE];
            Arrays.fill(pixels, (byte) value);
            images.add(new NonFace(value < 40 ? "dark" : "blank", GrayImage.of(SIDE, SIDE, pixels)));
        }
        for (int i = 0; i < 60; i++) {
            images.add(new NonFace(i % 3 == 2 ? "radial gradient" : "linear gradient", gradient(random, i % 3 == 2)));
        }
        for (int i = 0; i < 60; i++) {
            images.add(new NonFace(i % 2 == 1 ? "blurred noise" : "noise", noise(random, i % 2 == 1)));
        }
        for (int i = 0; i < 70; i++) {
            Mat canvas = new Mat(SIDE, SIDE, CvType.CV_8UC1, new Scalar(random.nextInt(256)));
            Imgproc.putText(canvas, WORDS[i % WORDS.length], new Point(2 + random.nextInt(10), 20 + random.nextInt(25)),
                    i % 4, 0.5 + random.nextDouble() * 0.9, new Scalar(random.nextInt(256)), 1 + random.nextInt(3));
            images.add(new NonFace("text", toImage(canvas)));
        }
        for (int i = 0; i < 80; i++) {
            images.add(new NonFace("shapes", shapes(random, i)));
        }
        return images;
    }

    private static GrayImage gradient(Random random, boolean radial) {
        byte[] pixels = new byte[SIDE * SIDE];
        double angle = random.nextDouble() * Math.PI * 2;
        double low = random.nextInt(128);
        double high = 128 + random.nextInt(128);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double t = radial ? Math.hypot(x - 24, y - 24) / 34
                        : ((x - 24) * Math.cos(angle) + (y - 24) * Math.sin(angle)) / 34 + 0.5;
                pixels[y * SIDE + x] = (byte) clamp(low + (high - low) * t);
            }
        }
        return GrayImage.of(SIDE, SIDE, pixels);
    }

    private static GrayImage noise(Random random, boolean blurred) {
        byte[] pixels = new byte[SIDE * SIDE];
        double sd = 5 + random.nextInt(80);
        int mean = 40 + random.nextInt(176);
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) clamp(mean + random.nextGaussian() * sd);
        }
        if (!blurred) {
            return GrayImage.of(SIDE, SIDE, pixels);
        }
        Mat mat = new Mat(SIDE, SIDE, CvType.CV_8UC1);
        mat.put(0, 0, pixels);
        Imgproc.GaussianBlur(mat, mat, new Size(5, 5), 1.5);
        return toImage(mat);
    }

    private static GrayImage shapes(Random random, int index) {
        Mat canvas = new Mat(SIDE, SIDE, CvType.CV_8UC1, new Scalar(random.nextInt(256)));
        int count = 1 + random.nextInt(4);
        for (int k = 0; k < count; k++) {
            Scalar color = new Scalar(random.nextInt(256));
            int thickness = random.nextBoolean() ? -1 : 1 + random.nextInt(3);
            Point at = new Point(random.nextInt(SIDE), random.nextInt(SIDE));
            switch ((index + k) % 4) {
                case 0 -> Imgproc.circle(canvas, at, 4 + random.nextInt(18), color, thickness);
                case 1 -> Imgproc.rectangle(canvas, at, new Point(random.nextInt(SIDE), random.nextInt(SIDE)), color, thickness);
                case 2 -> Imgproc.ellipse(canvas, at, new Size(5 + random.nextInt(18), 5 + random.nextInt(18)),
                        random.nextInt(180), 0, 360, color, thickness);
                default -> Imgproc.line(canvas, at, new Point(random.nextInt(SIDE), random.nextInt(SIDE)), color,
                        1 + random.nextInt(4));
            }
        }
        return toImage(canvas);
    }

    private static GrayImage toImage(Mat mat) {
        byte[] pixels = new byte[SIDE * SIDE];
        mat.get(0, 0, pixels);
        mat.release();
        return GrayImage.of(SIDE, SIDE, pixels);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(255, value));
    }
}
