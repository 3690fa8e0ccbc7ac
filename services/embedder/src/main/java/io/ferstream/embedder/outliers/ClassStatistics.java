package io.ferstream.embedder.outliers;

/**
 * Statistics of one class's TRAIN embeddings: how many, their centroid, the mean and population
 * standard deviation of their cosine distances to it, and the resulting threshold. {@code small}
 * classes (fewer than the rule's minimum) keep every image.
 */
public record ClassStatistics(int count, double[] centroid, double distanceMean, double distanceStd,
                              double threshold, boolean small) {

    /** Whether an image at this distance is an outlier of the class. */
    public boolean isOutlier(double distance) {
        return !small && !(distance < threshold);
    }
}
