package io.ferstream.fetcher.crop;

import io.ferstream.model.detect.DetectedFace;

/**
 * Where a face sits inside a FER2013 image, as shares of the 48-pixel side: the YuNet face box's
 * width (the scale) and the centre of its five landmarks (the position). Cropping another dataset's
 * face with the same framing makes its 48×48 crop look like a FER2013 image (same margin, same
 * position), whatever the source size. Not the box's height or centre: FER2013 cuts most faces
 * at the forehead and chin, so YuNet's box is clipped to the frame vertically; the landmarks are not.
 *
 * @param boxWidth   face-box width / frame side
 * @param landmarksX mean x of the five landmarks / frame side
 * @param landmarksY mean y of the five landmarks / frame side
 */
public record FerFraming(double boxWidth, double landmarksX, double landmarksY) {

    /**
     * Medians of the shipped YuNet's most confident face on FER2013's 3,589 VALIDATION rows (PublicTest;
     * PrivateTest never looked at), 3,517 with a face, measured by {@code FerFramingMeasurementTest}:
     * box width 0.833 of the side, landmark centre (0.490, 0.611). Fetcher README, "Face crops".
     */
    public static final FerFraming FER2013 = new FerFraming(0.833, 0.490, 0.611);

    public FerFraming {
        if (!(boxWidth > 0 && boxWidth <= 2)) {
            throw new IllegalArgumentException("box width share must be in (0,2], got " + boxWidth);
        }
        if (!(landmarksX > 0 && landmarksX < 1 && landmarksY > 0 && landmarksY < 1)) {
            throw new IllegalArgumentException("landmark shares must be in (0,1), got " + landmarksX + ", " + landmarksY);
        }
    }

    /** The square, in the source image's pixels, that frames {@code face} as FER2013 frames its faces. */
    public Square around(DetectedFace face) {
        double side = face.box().w() / boxWidth;
        return new Square(meanLandmark(face, 0) - landmarksX * side, meanLandmark(face, 1) - landmarksY * side, side);
    }

    /** The mean of the five landmarks' x ({@code axis} 0) or y (1). */
    public static double meanLandmark(DetectedFace face, int axis) {
        float[] points = face.landmarks();
        double sum = 0;
        for (int i = axis; i < points.length; i += 2) {
            sum += points[i];
        }
        return sum / (points.length / 2);
    }

    /** A square region of an image; it may reach past the image's edges. */
    public record Square(double left, double top, double side) {
    }
}
