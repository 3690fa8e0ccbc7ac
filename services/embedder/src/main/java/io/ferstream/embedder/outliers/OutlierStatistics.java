package io.ferstream.embedder.outliers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;

/**
 * The batch outlier algorithm, the one place it is written. A finite run is decided by calling
 * {@link #compute} once with all of the run's samples, in id order (the order fixes the floating
 * point sums, so the streaming embedder and a batch run over the same embeddings agree bit for bit).
 *
 * <p>Statistics come from TRAIN samples only; every sample (VALIDATION and TEST included) is then
 * measured against its class's statistics. A zero vector (e.g. the HOG of a flat image) has no
 * direction: its cosine distance is taken as 1.
 */
public final class OutlierStatistics {

    private OutlierStatistics() {
    }

    /** Per-class statistics from the TRAIN samples of {@code samples} (any order; sorted by id here). */
    public static Map<Emotion, ClassStatistics> compute(List<Sample> samples, OutlierRule rule) {
        Map<Emotion, List<float[]>> byClass = new EnumMap<>(Emotion.class);
        for (Sample sample : sortedById(samples)) {
            if (sample.split() == Split.TRAIN && sample.label() != null) {
                byClass.computeIfAbsent(sample.label(), label -> new ArrayList<>()).add(sample.embedding());
            }
        }
        Map<Emotion, ClassStatistics> stats = new EnumMap<>(Emotion.class);
        byClass.forEach((label, embeddings) -> stats.put(label, classStatistics(embeddings, rule)));
        return stats;
    }

    static ClassStatistics classStatistics(List<float[]> embeddings, OutlierRule rule) {
        int n = embeddings.size();
        int dim = embeddings.get(0).length;
        double[] centroid = new double[dim];
        for (float[] e : embeddings) {
            if (e.length != dim) {
                throw new IllegalArgumentException("embeddings of one class differ in length: " + dim + " vs " + e.length);
            }
            for (int i = 0; i < dim; i++) {
                centroid[i] += e[i];
            }
        }
        for (int i = 0; i < dim; i++) {
            centroid[i] /= n;
        }
        double sum = 0;
        double[] distances = new double[n];
        for (int j = 0; j < n; j++) {
            distances[j] = cosineDistance(embeddings.get(j), centroid);
            sum += distances[j];
        }
        double mean = sum / n;
        double squares = 0;
        for (double d : distances) {
            squares += (d - mean) * (d - mean);
        }
        double std = Math.sqrt(squares / n);
        return new ClassStatistics(n, centroid, mean, std, mean + rule.k() * std, n < rule.minGroupSize());
    }

    /** 1 − cos(e, c); 1 when either vector is zero. */
    public static double cosineDistance(float[] embedding, double[] centroid) {
        double dot = 0;
        double normE = 0;
        double normC = 0;
        for (int i = 0; i < embedding.length; i++) {
            dot += embedding[i] * centroid[i];
            normE += (double) embedding[i] * embedding[i];
            normC += centroid[i] * centroid[i];
        }
        if (normE == 0 || normC == 0) {
            return 1.0;
        }
        return 1.0 - dot / (Math.sqrt(normE) * Math.sqrt(normC));
    }

    private static List<Sample> sortedById(List<Sample> samples) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparing(Sample::id));
        return sorted;
    }
}
