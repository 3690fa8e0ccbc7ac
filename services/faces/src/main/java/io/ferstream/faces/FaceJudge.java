package io.ferstream.faces;

import java.util.List;
import java.util.Map;

import io.ferstream.events.FaceImage;
import io.ferstream.platform.stage.ImageJudge;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.stage.Judgement;
import io.ferstream.vision.DetectorAvailability;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.FaceCheck;
import io.ferstream.vision.FaceDetector;
import io.ferstream.vision.GrayImage;

/**
 * Exactly one face covering more than {@code minAreaRatio} of the original image. When the chosen
 * detector is unavailable (a missing model file), every image passes with {@code skipped = 1}:
 * a missing optional model skips the check, it never rejects everything.
 * Not thread-safe: one per stream task.
 */
public final class FaceJudge implements ImageJudge {

    private final FaceDetector detector;
    private final FaceCheck check;
    private final Map<String, Double> thresholds;

    public FaceJudge(DetectorAvailability availability, FaceCheck check) {
        this.detector = availability instanceof DetectorAvailability.Available available ? available.detector() : null;
        this.check = check;
        this.thresholds = Map.of("faces.max", (double) check.maxFaces(), "area_ratio.min", check.minAreaRatio());
    }

    @Override
    public Judgement judge(FaceImage image) {
        if (detector == null) {
            return Judgement.pass(Map.of("skipped", 1.0), Map.of());
        }
        byte[] bytes = ImageValidation.pixels(image);
        List<FaceBox> faces = detector.detect(GrayImage.of(image.getWidth(), image.getHeight(), bytes));
        FaceCheck.Verdict verdict = check.evaluate(faces, image.getWidth(), image.getHeight());
        Map<String, Double> scores = Map.of("count", (double) verdict.faces(), "area_ratio", verdict.largestAreaRatio());
        return verdict.passed() ? Judgement.pass(scores, thresholds)
                : Judgement.fail(verdict.reason().code(), scores, thresholds);
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
        }
    }
}
