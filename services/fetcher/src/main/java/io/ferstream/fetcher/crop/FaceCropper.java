package io.ferstream.fetcher.crop;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.ferstream.model.detect.DetectedFace;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.files.GrayImages;

/**
 * Turns an image of any size into a FER2013-like 48×48 face: find the faces, take the most
 * confident one (or the one matching the dataset's own face box), cut the square that
 * {@link FerFraming} puts around it (pixels past the edge repeat the nearest edge pixel, so a face
 * at the border keeps FER's framing), and shrink it with {@link GrayImages#resize} (area averaging,
 * as every other dataset image). Not aligned by the eyes: FER2013's own faces are not (README).
 */
public final class FaceCropper implements AutoCloseable {

    /**
     * A detection matches an annotated box when their intersection over union reaches this: the two
     * detectors draw boxes of different extent around the same face, so exact overlap is not expected.
     */
    static final double MIN_ANNOTATION_IOU = 0.3;

    private final FaceFinder finder;
    private final FerFraming framing;
    private final YuNetDetector owned;

    public FaceCropper(FaceFinder finder, FerFraming framing) {
        this(finder, framing, null);
    }

    private FaceCropper(FaceFinder finder, FerFraming framing, YuNetDetector owned) {
        this.finder = finder;
        this.framing = framing;
        this.owned = owned;
    }

    /**
     * The shipped YuNet at the model layer's settings for whole frames (longer side scaled to 320 px,
     * score 0.6) with FER2013's framing; closing the cropper closes the detector. Not thread-safe.
     *
     * @throws io.ferstream.model.onnx.ModelLoadException when the shipped model cannot be loaded
     */
    public static FaceCropper shippedYuNet() {
        YuNetDetector yunet = YuNetDetector.load(YuNetDetector.Config.forFrames(YuNetDetector.shippedModel()));
        return new FaceCropper(yunet::detectFaces, FerFraming.FER2013, yunet);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /** The most confident face of {@code image}. */
    public FaceCrop crop(GrayImage image) {
        List<DetectedFace> faces = finder.find(image);
        return faces.stream().max(Comparator.comparingDouble(DetectedFace::score))
                .<FaceCrop>map(face -> new FaceCrop.Cropped(cut(image, framing.around(face)), face))
                .orElseGet(() -> new FaceCrop.NoFace("no face found in the " + image.width() + "x" + image.height() + " image"));
    }

    /** The detected face that best overlaps {@code annotated} (the dataset's own box for this face). */
    public FaceCrop crop(GrayImage image, FaceBox annotated) {
        List<DetectedFace> faces = finder.find(image);
        Optional<DetectedFace> match = faces.stream()
                .filter(face -> iou(face.box(), annotated) >= MIN_ANNOTATION_IOU)
                .max(Comparator.comparingDouble(face -> iou(face.box(), annotated)));
        return match.<FaceCrop>map(face -> new FaceCrop.Cropped(cut(image, framing.around(face)), face))
                .orElseGet(() -> new FaceCrop.NoFace(faces.size() + " face(s) found, none overlapping the annotated box "
                        + annotated + " by IoU " + MIN_ANNOTATION_IOU + " or more"));
    }

    static double iou(FaceBox a, FaceBox b) {
        long w = Math.max(0, Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x()));
        long h = Math.max(0, Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y()));
        long intersection = w * h;
        return (double) intersection / (a.area() + b.area() - intersection);
    }

    /** The square as a 48×48 image; coordinates past the edges take the nearest edge pixel. */
    static GrayImage cut(GrayImage image, FerFraming.Square square) {
        int side = Math.max(1, (int) Math.round(square.side()));
        int left = (int) Math.round(square.left());
        int top = (int) Math.round(square.top());
        byte[] source = image.pixels();
        byte[] region = new byte[side * side];
        for (int y = 0; y < side; y++) {
            int sy = Math.min(image.height() - 1, Math.max(0, top + y));
            for (int x = 0; x < side; x++) {
                int sx = Math.min(image.width() - 1, Math.max(0, left + x));
                region[y * side + x] = source[sy * image.width() + sx];
            }
        }
        return GrayImage.of(GrayImages.SIDE, GrayImages.SIDE,
                GrayImages.resize(region, side, side, GrayImages.SIDE, GrayImages.SIDE));
    }
}
