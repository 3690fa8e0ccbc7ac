package io.ferstream.enhancer;

import java.util.Map;

import io.ferstream.events.FaceImage;
import io.ferstream.platform.stage.EnhancerVerdict;
import io.ferstream.platform.stage.ImageJudge;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.stage.Judgement;
import io.ferstream.vision.Clahe;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.PixelStats;

/**
 * Applies CLAHE (OpenCV semantics) and lets every image through with its new pixels, recording the
 * contrast before and after. Not thread-safe: one per stream task.
 */
public final class EnhanceJudge implements ImageJudge {

    private final Clahe clahe;
    private final Map<String, Double> settings;

    public EnhanceJudge(double clipLimit, int tiles) {
        this.clahe = new Clahe(clipLimit, tiles, tiles);
        // Readers check them against their model's contract (EnhancerVerdict).
        this.settings = Map.of(EnhancerVerdict.CLIP_LIMIT, clipLimit, EnhancerVerdict.TILES, (double) tiles);
    }

    @Override
    public Judgement judge(FaceImage image) {
        byte[] bytes = ImageValidation.pixels(image);
        GrayImage before = GrayImage.of(image.getWidth(), image.getHeight(), bytes);
        GrayImage after = clahe.apply(before);
        return Judgement.transformed(after.pixels(), Map.of("contrast_before", PixelStats.std(before), "contrast_after", PixelStats.std(after)),
                settings);
    }

    @Override
    public void close() {
        clahe.close();
    }
}
