package io.ferstream.embedder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.embedder.outliers.ClassStatistics;
import io.ferstream.embedder.outliers.OnlineClassStatistics;
import io.ferstream.embedder.outliers.OutlierStatistics;
import io.ferstream.events.ClassStats;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.StageVerdict;

/**
 * What the embedder says about an image, given its class's statistics: typical, outlier removed
 * (a split the policy cleans) or outlier flagged and kept; the image gets the embedder's
 * {@code StageVerdict} and distance score, and each outcome is counted. Also the {@code ClassStats}
 * events the statistics are published as. No Kafka: the decide step calls it.
 */
final class OutlierVerdicts {

    private static final String STAGE = EmbedderTopology.STAGE;
    /** LIVE class statistics are published every this many images of the class. */
    private static final int LIVE_STATS_EVERY = 100;

    private final EmbedderTopology.Settings settings;
    private final EmbedderMetrics metrics;

    OutlierVerdicts(EmbedderTopology.Settings settings, EmbedderMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Judges a run's image against its class's final statistics (typical when unlabelled or the class is unknown). */
    Decision judge(FaceImage image, float[] embedding, ClassStatistics stats) {
        if (image.getLabel() == null || stats == null) {
            metrics.typical();
            return unjudged(image);
        }
        double distance = OutlierStatistics.cosineDistance(embedding, stats.centroid());
        boolean outlier = stats.isOutlier(distance);
        return route(image, outlier, distance, stats.small() ? Double.NaN : stats.threshold());
    }

    /** A LIVE image's decision, and the class's running statistics when they are due for publishing (else null). */
    record LiveJudgement(Decision decision, ClassStats classStats) {
    }

    /**
     * Judges a LIVE image against the running statistics of its class (an outlier only once the class
     * has {@code liveWarmup} images), then lets the image update them; every
     * {@value #LIVE_STATS_EVERY} images of a class its statistics are published too.
     */
    LiveJudgement judgeLive(FaceImage image, float[] embedding, OnlineClassStatistics stats) {
        double distance = stats.distance(embedding);
        boolean warm = stats.count() >= settings.liveWarmup();
        double threshold = stats.distanceMean() + settings.rule().k() * stats.distanceStd();
        boolean outlier = warm && !(distance < threshold);
        stats.add(embedding);
        Decision decision = route(image, outlier, distance, warm ? threshold : Double.NaN);
        if (stats.count() % LIVE_STATS_EVERY != 0) {
            return new LiveJudgement(decision, null);
        }
        ClassStatistics snapshot = new ClassStatistics((int) stats.count(), stats.centroid(), stats.distanceMean(),
                stats.distanceStd(), threshold, !warm);
        return new LiveJudgement(decision, classStats("live", image.getLabel(), snapshot, false));
    }

    /** Passes the image on with a passing verdict and no score: unlabelled, or too late to be judged. */
    Decision unjudged(FaceImage image) {
        return new Decision(withVerdict(image, true, null, Double.NaN, Double.NaN), true, null);
    }

    /** A class's statistics as the {@code fer.class-stats} event. */
    ClassStats classStats(String runId, Emotion label, ClassStatistics s, boolean isFinal) {
        List<Float> centroid = new ArrayList<>(s.centroid().length);
        for (double value : s.centroid()) {
            centroid.add((float) value);
        }
        return ClassStats.newBuilder().setRunId(runId).setLabel(label).setEmbedding(settings.embedderName())
                .setCount(s.count()).setCentroid(centroid).setDistanceMean(s.distanceMean())
                .setDistanceStd(s.distanceStd()).setK(settings.rule().k()).setThreshold(s.threshold())
                .setMinGroupSize(settings.rule().minGroupSize()).setFinal$(isFinal)
                .setUpdatedAt(Instant.now()).build();
    }

    private Decision route(FaceImage image, boolean outlier, double distance, double threshold) {
        FaceImage judged = withVerdict(image, !outlier, outlier ? EmbedderMetrics.OUTLIER : null, distance, threshold);
        if (!outlier) {
            metrics.typical();
            return new Decision(judged, true, null);
        }
        if (settings.policy().removes(image.getSplit())) {
            metrics.rejected(EmbedderMetrics.OUTLIER);
            return new Decision(judged, false, null);
        }
        metrics.flagged(EmbedderMetrics.OUTLIER);
        return new Decision(judged, true, null);
    }

    private FaceImage withVerdict(FaceImage image, boolean passed, String reason, double distance, double threshold) {
        Map<String, Double> scores = new HashMap<>(image.getScores());
        if (!Double.isNaN(distance)) {
            scores.put(STAGE + ".distance", distance);
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("k", settings.rule().k());
        thresholds.put("min_group_size", (double) settings.rule().minGroupSize());
        if (!Double.isNaN(threshold)) {
            thresholds.put("distance.max", threshold);
        }
        List<StageVerdict> verdicts = new ArrayList<>(image.getVerdicts());
        verdicts.add(StageVerdict.newBuilder().setStage(STAGE).setPassed(passed)
                .setEnforced(passed || settings.policy().removes(image.getSplit()))
                .setReason(reason).setThresholds(thresholds).build());
        return FaceImage.newBuilder(image).setScores(scores).setVerdicts(verdicts).build();
    }
}
