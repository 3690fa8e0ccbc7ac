/**
 * Pure image logic of the FER pipeline, with no Kafka dependency: the quality scores
 * ({@link io.ferstream.vision.QualityScorer}), CLAHE ({@link io.ferstream.vision.Clahe}), face
 * detection ({@link io.ferstream.vision.FaceDetector}, {@link io.ferstream.vision.FaceCheck}); in pure
 * Java, input files recognised by their magic bytes and any decoded image as 48x48 gray
 * ({@link io.ferstream.vision.files}), and the FER2013 CSV format ({@link io.ferstream.vision.fer2013}),
 * shared by the fetcher and the trainer.
 *
 * <p>Images are {@link io.ferstream.vision.GrayImage}s: 8-bit grayscale, row-major. OpenCV comes
 * from {@code org.openpnp:opencv} (loaded by {@link io.ferstream.vision.OpenCvLoader}); the Haar
 * cascade XMLs come from the {@code org.bytedeco:opencv:linux-x86_64} jar's resources only.
 *
 * <p>Classes that hold native buffers (scorer, CLAHE, detectors) are not thread-safe: use one per
 * thread and close it. Value types and {@link io.ferstream.vision.PixelStats} are thread-safe.
 */
package io.ferstream.vision;
