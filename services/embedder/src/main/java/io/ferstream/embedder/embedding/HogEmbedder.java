package io.ferstream.embedder.embedding;

import io.ferstream.vision.OpenCvLoader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.HOGDescriptor;

/**
 * A model-free embedding: OpenCV's HOG descriptor of the face at 48×48 (16×16 blocks, 8×8 stride
 * and cells, 9 orientation bins: 5×5 blocks × 4 cells × 9 bins = 900 values). It needs no weights,
 * so a fresh machine can run the outlier step; it captures shape and pose, not identity.
 */
public final class HogEmbedder implements Embedder {

    public static final int SIDE = 48;

    private final HOGDescriptor hog;
    private final Mat image;
    private final Mat source;
    private final MatOfFloat descriptor;

    public HogEmbedder() {
        OpenCvLoader.ensureLoaded();
        hog = new HOGDescriptor(new Size(SIDE, SIDE), new Size(16, 16), new Size(8, 8), new Size(8, 8), 9);
        image = new Mat(SIDE, SIDE, CvType.CV_8UC1);
        source = new Mat();
        descriptor = new MatOfFloat();
    }

    public int dimension() {
        return (int) hog.getDescriptorSize();
    }

    @Override
    public float[] embed(int width, int height, byte[] pixels) {
        if (width == SIDE && height == SIDE) {
            image.put(0, 0, pixels);
        } else {
            source.create(height, width, CvType.CV_8UC1);
            source.put(0, 0, pixels);
            Imgproc.resize(source, image, new Size(SIDE, SIDE), 0, 0, Imgproc.INTER_AREA);
        }
        hog.compute(image, descriptor);
        return descriptor.toArray();
    }

    @Override
    public String name() {
        return "hog";
    }

    @Override
    public void close() {
        image.release();
        source.release();
        descriptor.release();
    }
}
