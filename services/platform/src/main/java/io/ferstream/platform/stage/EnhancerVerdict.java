package io.ferstream.platform.stage;

import java.util.Optional;

import io.ferstream.events.FaceImage;
import io.ferstream.events.StageVerdict;

/**
 * The enhancer's mark on an image: its verdict says the pixels were CLAHE'd, and its thresholds record
 * the settings. Written by the enhancer; read by whoever feeds cleaned images to a model (the trainer,
 * the classifier's live accuracy), so a model whose contract applies CLAHE does not get it twice.
 */
public final class EnhancerVerdict {

    /** The enhancer's stage name. */
    public static final String STAGE = "enhancer";
    /** Threshold keys of the CLAHE settings it applied. */
    public static final String CLIP_LIMIT = "clahe.clip_limit";
    public static final String TILES = "clahe.tiles";

    private EnhancerVerdict() {
    }

    /** The enhancer's verdict on {@code image}, when it went through the enhancer. */
    public static Optional<StageVerdict> of(FaceImage image) {
        return image.getVerdicts().stream().filter(v -> STAGE.equals(v.getStage())).findFirst();
    }
}
