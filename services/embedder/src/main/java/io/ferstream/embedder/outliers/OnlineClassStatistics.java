package io.ferstream.embedder.outliers;

import java.nio.ByteBuffer;

/**
 * Class statistics for an unbounded (LIVE) stream, updated one sample at a time: a running centroid
 * and Welford's running mean and variance of each sample's distance to the centroid as it stood
 * when the sample arrived. An approximation of the batch rule (the batch rule needs the final
 * centroid), used only where no end of input exists. Mutable; not thread-safe.
 */
public final class OnlineClassStatistics {

    private long count;
    private double[] sum;
    private long distanceCount;
    private double distanceMean;
    private double distanceM2;

    public long count() {
        return count;
    }

    /** The current centroid, or null before the first sample. */
    public double[] centroid() {
        if (sum == null) {
            return null;
        }
        double[] centroid = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            centroid[i] = sum[i] / count;
        }
        return centroid;
    }

    public double distanceMean() {
        return distanceMean;
    }

    public double distanceStd() {
        return distanceCount == 0 ? 0 : Math.sqrt(distanceM2 / distanceCount);
    }

    /** The distance of {@code embedding} to the current centroid (1 before any sample). */
    public double distance(float[] embedding) {
        double[] centroid = centroid();
        return centroid == null ? 1.0 : OutlierStatistics.cosineDistance(embedding, centroid);
    }

    /** Adds a sample; returns the distance it had to the centroid before it was added. */
    public double add(float[] embedding) {
        double distance = distance(embedding);
        if (sum == null) {
            sum = new double[embedding.length];
        }
        for (int i = 0; i < embedding.length; i++) {
            sum[i] += embedding[i];
        }
        count++;
        if (count > 1) {
            distanceCount++;
            double delta = distance - distanceMean;
            distanceMean += delta / distanceCount;
            distanceM2 += delta * (distance - distanceMean);
        }
        return distance;
    }

    /** Compact bytes for a state store. */
    public byte[] encode() {
        int dim = sum == null ? 0 : sum.length;
        ByteBuffer buffer = ByteBuffer.allocate(8 * 4 + 4 + 8 * dim);
        buffer.putLong(count).putLong(distanceCount).putDouble(distanceMean).putDouble(distanceM2).putInt(dim);
        for (int i = 0; i < dim; i++) {
            buffer.putDouble(sum[i]);
        }
        return buffer.array();
    }

    public static OnlineClassStatistics decode(byte[] bytes) {
        OnlineClassStatistics stats = new OnlineClassStatistics();
        if (bytes == null) {
            return stats;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        stats.count = buffer.getLong();
        stats.distanceCount = buffer.getLong();
        stats.distanceMean = buffer.getDouble();
        stats.distanceM2 = buffer.getDouble();
        int dim = buffer.getInt();
        if (dim > 0) {
            stats.sum = new double[dim];
            for (int i = 0; i < dim; i++) {
                stats.sum[i] = buffer.getDouble();
            }
        }
        return stats;
    }
}
