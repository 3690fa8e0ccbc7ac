package io.ferstream.quality;

import java.util.LinkedHashMap;
import java.util.List;
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

    static final String BLUR = "blur";
    static final String BRIGHTNESS = "brightness";
    static final String CONTRAST = "contrast";
    static final String EDGE_DENSITY = "edge_density";

    /** Every reason an image can fail with, in the order the checks run. */
    public static final List<String> REASONS = List.of(BLUR, BRIGHTNESS, CONTRAST, EDGE_DENSITY);

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
        scoreMap.put(BLUR, scores.blurVariance());
        scoreMap.put(BRIGHTNESS, scores.brightness());
        scoreMap.put(CONTRAST, scores.contrast());
        scoreMap.put(EDGE_DENSITY, scores.edgeDensity());
        String reason = firstFailure(scores);
        return reason == null ? Judgement.pass(scoreMap, thresholdMap) : Judgement.fail(reason, scoreMap, thresholdMap);
    }

    /** The first failing check's name, or null when all pass. */
    String firstFailure(QualityScores scores) {
        if (!(scores.blurVariance() > thresholds.blurMin())) {
            return BLUR;
        }
        if (!(scores.brightness() > thresholds.brightnessMin() && scores.brightness() < thresholds.brightnessMax())) {
            return BRIGHTNESS;
        }
        if (scores.contrast() < thresholds.contrastMin()) {
            return CONTRAST;
        }
        if (scores.edgeDensity() < thresholds.edgeDensityMin() || scores.edgeDensity() > thresholds.edgeDensityMax()) {
            return EDGE_DENSITY;
        }
        return null;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
