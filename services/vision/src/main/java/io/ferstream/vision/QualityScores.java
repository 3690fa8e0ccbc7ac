package io.ferstream.vision;

/**
 * The four quality scores of one image, each computed exactly as the original cleaner did.
 *
 * @param blurVariance population variance of the 3×3 four-neighbour Laplacian (reflect-101);
 *     higher is sharper
 * @param brightness mean grey value, 0..255
 * @param contrast population standard deviation of the grey values
 * @param edgeDensity share of non-zero pixels of {@code Canny(img, low, high)}, 0..1
 */
public record QualityScores(
        double blurVariance, double brightness, double contrast, double edgeDensity) {

    public QualityScores {
        if (!(blurVariance >= 0) || !(contrast >= 0)) {
            throw new IllegalArgumentException(
                    "blur variance and contrast must be >= 0, got " + blurVariance + ", " + contrast);
        }
        if (!(brightness >= 0 && brightness <= 255)) {
            throw new IllegalArgumentException("brightness must be in 0..255, got " + brightness);
        }
        if (!(edgeDensity >= 0 && edgeDensity <= 1)) {
            throw new IllegalArgumentException("edge density must be in 0..1, got " + edgeDensity);
        }
    }
}
