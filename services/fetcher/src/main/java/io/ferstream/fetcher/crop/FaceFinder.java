package io.ferstream.fetcher.crop;

import java.util.List;

import io.ferstream.model.detect.DetectedFace;
import io.ferstream.vision.GrayImage;

/** Finds the faces in a whole image: the model layer's YuNet ({@code YuNetDetector::detectFaces}), or a test's stand-in. */
@FunctionalInterface
public interface FaceFinder {

    List<DetectedFace> find(GrayImage image);
}
