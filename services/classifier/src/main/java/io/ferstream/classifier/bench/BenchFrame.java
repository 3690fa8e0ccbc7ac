package io.ferstream.classifier.bench;

import java.util.List;

import io.ferstream.vision.FaceBox;

/**
 * A composed scene ready to send: its JPEG bytes, the squares its faces were pasted into, and each
 * face's original 48×48 image and FER2013 label (for direct evaluation and accuracy).
 */
record BenchFrame(byte[] jpeg, List<FaceBox> squares, List<io.ferstream.vision.GrayImage> faces, List<Integer> labels) {
}
