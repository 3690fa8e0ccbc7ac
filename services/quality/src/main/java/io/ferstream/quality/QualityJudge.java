package io.ferstream.quality;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ferstream.events.FaceImage;
import io.ferstream.platform.stage.ImageJudge;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.stage.Judgement;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.QualityScorer;
import io.ferstream.vision.QualityScores;

/**
 * Scores every image on all four checks (even after one fails, so reports can show every score)
 * and names the first failing check, in the original order: blur, brightness, contrast, edge density.
 * Not thread-safe: one per stream task.
 */
public final class QualityJudge implements ImageJudge {

    private final QualityThresholds thresholds;
    private final Map<String, Double> thresholdMap;
    private final QualityScorer scorer = new QualityScorer();

    public QualityJudge(QualityThresholds thresholds) {
        this.thresholds = thresholds;
        this.thresholdMap = thresholds.asMap();
    }

    @Override
    public Judgement judge(FaceImage image) {
        byte[] bytes = ImageValidation.pixels(image);
        QualityScores scores = scorer.score(GrayImage.of(image.getWidth(), image.getHeight(), bytes));
        Map<String, Double> scoreMap = new LinkedHashMap<>();
        scoreMap.put("blur", scores.blurVariance());
        scoreMap.put("brightness", scores.brightness());
        scoreMap.put("contrast", scores.contrast());
        scoreMap.put("edge_density", scores.edgeDensity());
        String reason = firstFailure(scores);
        return reason == null ? Judgement.pass(scoreMap, thresholdMap) : Judgement.fail(reason, scoreMap, thresholdMap);
    }

    /** The first failing check's name, or null when all pass. */
    String firstFailure(QualityScores scores) {
        if (!(scores.blurVariance() > thresholds.blurMin())) {
            return "blur";
        }
        if (!(scores.brightness() > thresholds.brightnessMin() && scores.brightness() < thresholds.brightnessMax())) {
            return "brightness";
        }
        if (scores.contrast() < thresholds.contrastMin()) {
            return "contrast";
        }
        if (scores.edgeDensity() < thresholds.edgeDensityMin() || scores.edgeDensity() > thresholds.edgeDensityMax()) {
            return "edge_density";
        }
        return null;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
