package io.ferstream.fetcher.crop;

import io.ferstream.model.detect.DetectedFace;
import io.ferstream.vision.GrayImage;

/** What {@link FaceCropper} made of an image: a 48×48 face, or why there is none. */
public sealed interface FaceCrop {

    /** The 48×48 gray face and the detection it was framed around. */
    record Cropped(GrayImage face, DetectedFace detection) implements FaceCrop {
    }

    /** No usable face: none detected, or none where the annotation says. */
    record NoFace(String detail) implements FaceCrop {
    }
}
