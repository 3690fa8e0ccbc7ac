package io.ferstream.model.detect;

import java.util.Arrays;

import io.ferstream.vision.FaceBox;

/**
 * One face YuNet found, in the coordinates of the image it was given: the box (clipped to the
 * image), the five landmarks as {@code x0, y0, … x4, y4} (right eye, left eye, nose tip, right and
 * left mouth corners; not clipped) and the detector's score in 0..1.
 */
public record DetectedFace(FaceBox box, float[] landmarks, float score) {

    public static final int LANDMARK_VALUES = 10;

    public DetectedFace {
        if (box == null || landmarks == null || landmarks.length != LANDMARK_VALUES) {
            throw new IllegalArgumentException("a detected face needs a box and " + LANDMARK_VALUES + " landmark values");
        }
        landmarks = landmarks.clone();
    }

    @Override
    public float[] landmarks() {
        return landmarks.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectedFace d && box.equals(d.box) && Arrays.equals(landmarks, d.landmarks) && score == d.score;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * box.hashCode() + Arrays.hashCode(landmarks)) + Float.hashCode(score);
    }

    @Override
    public String toString() {
        return "DetectedFace[" + box + ", landmarks=" + Arrays.toString(landmarks) + ", score=" + score + "]";
    }
}
