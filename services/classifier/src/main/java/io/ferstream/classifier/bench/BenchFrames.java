package io.ferstream.classifier.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.Mats;
import io.ferstream.vision.OpenCvLoader;
import io.ferstream.vision.fer2013.Fer2013Row;
import io.ferstream.vision.fer2013.Fer2013Rows;
import io.ferstream.vision.fer2013.Usage;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** The bench's frames: FER2013 VALIDATION faces composed into scenes ({@link SceneComposer}) and JPEG-encoded once. */
public final class BenchFrames {

    /** JPEG quality of the frames: a webcam's usual setting. */
    static final int JPEG_QUALITY = 90;

    private BenchFrames() {
    }

    /** The first {@code faces} VALIDATION (PublicTest) faces of {@code csv}, in file order, composed by {@code composer}. */
    static List<BenchFrame> of(Path csv, int faces, SceneComposer composer) throws IOException {
        List<GrayImage> images = new ArrayList<>(faces);
        List<Integer> labels = new ArrayList<>(faces);
        try (Fer2013Rows rows = Fer2013Rows.open(csv, Map.of())) {
            for (Fer2013Row row = rows.next(); row != null && images.size() < faces; row = rows.next()) {
                if (row instanceof Fer2013Row.Image image && image.usage() == Usage.PUBLIC_TEST) {
                    images.add(GrayImage.of(Fer2013Rows.SIDE, Fer2013Rows.SIDE, image.pixels()));
                    labels.add(image.label());
                }
            }
        }
        if (images.size() < faces) {
            throw new IllegalArgumentException(csv + " has only " + images.size() + " VALIDATION faces; asked for " + faces);
        }
        List<BenchFrame> frames = new ArrayList<>();
        for (SceneComposer.Scene scene : composer.compose(images)) {
            List<FaceBox> squares = scene.faces().stream().map(SceneComposer.Placement::square).toList();
            List<GrayImage> sceneFaces = scene.faces().stream().map(p -> images.get(p.face())).toList();
            List<Integer> sceneLabels = scene.faces().stream().map(p -> labels.get(p.face())).toList();
            frames.add(new BenchFrame(jpeg(scene.image()), squares, sceneFaces, sceneLabels));
        }
        return frames;
    }

    /** {@code image} as a JPEG of {@link #JPEG_QUALITY}, encoded by OpenCV as a webcam client would. */
    public static byte[] jpeg(GrayImage image) {
        OpenCvLoader.ensureLoaded();
        Mat m = Mats.put(image, null);
        MatOfByte out = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", m, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY));
            return out.toArray();
        } finally {
            m.release();
            out.release();
        }
    }
}
