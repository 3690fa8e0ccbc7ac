package io.ferstream.vision;

import java.util.List;

/**
 * Finds faces in a grayscale image. Boxes are in the coordinates of the ORIGINAL image: any
 * padding or scaling a detector applies internally is undone, and boxes are clipped to the image,
 * so {@code box.areaRatio(image.width(), image.height())} is the share of the original image.
 *
 * <p>Implementations reuse native buffers and are <b>not thread-safe</b>; use one per thread and
 * close it.
 */
public interface FaceDetector extends AutoCloseable {

    /** The faces in {@code image}, largest first; empty when there is none. */
    List<FaceBox> detect(GrayImage image);

    /** A short name for logs and reports, e.g. {@code haar:frontalface_default}. */
    String name();

    /** Frees native memory; idempotent. */
    @Override
    void close();
}
