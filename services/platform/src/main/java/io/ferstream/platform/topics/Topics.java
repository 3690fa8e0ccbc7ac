package io.ferstream.platform.topics;

import java.util.List;

import io.ferstream.events.ClassStats;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Frame;
import io.ferstream.events.LabelVerdict;
import io.ferstream.events.ModelRelease;
import io.ferstream.events.Prediction;
import io.ferstream.events.RunManifest;

/**
 * The registry of the pipeline's topics. These names are a public interface: dashboards, compose
 * files and users' own consumers depend on them, so they change only with a migration note.
 *
 * <p>Image topics have 6 partitions, which bounds how many workers of a stage share the load.
 */
public final class Topics {

    /** Default partitions of the image and frame topics: the parallelism of each stage. */
    public static final int STAGE_PARTITIONS = 6;

    public static final FerTopic<FaceImage> IMAGES_RAW = images("fer.images.raw");
    public static final FerTopic<FaceImage> IMAGES_CHECKED = images("fer.images.checked");
    public static final FerTopic<FaceImage> IMAGES_FACES = images("fer.images.faces");
    public static final FerTopic<FaceImage> IMAGES_TYPICAL = images("fer.images.typical");
    public static final FerTopic<FaceImage> IMAGES_CLEANED = images("fer.images.cleaned");
    public static final FerTopic<FaceImage> IMAGES_REJECTED = images("fer.images.rejected");
    public static final FerTopic<Frame> FRAMES = new FerTopic<>("fer.frames", Frame.class, STAGE_PARTITIONS, false);
    public static final FerTopic<Prediction> PREDICTIONS =
            new FerTopic<>("fer.predictions", Prediction.class, STAGE_PARTITIONS, false);
    public static final FerTopic<ModelRelease> MODELS = new FerTopic<>("fer.models", ModelRelease.class, 1, true);
    public static final FerTopic<RunManifest> RUNS = new FerTopic<>("fer.runs", RunManifest.class, 1, true);
    public static final FerTopic<ClassStats> CLASS_STATS = new FerTopic<>("fer.class-stats", ClassStats.class, 1, true);
    /** Per-image label verdicts of {@code fer label-issues}, keyed by image id; the embedder's label check reads them. */
    public static final FerTopic<LabelVerdict> LABEL_VERDICTS =
            new FerTopic<>("fer.label-verdicts", LabelVerdict.class, 1, true);
    public static final FerTopic<DeadLetter> DLQ = new FerTopic<>("fer.dlq", DeadLetter.class, 1, false);

    /** Every topic, in flow order. */
    public static final List<FerTopic<?>> ALL = List.of(IMAGES_RAW, IMAGES_CHECKED, IMAGES_FACES, IMAGES_TYPICAL,
            IMAGES_CLEANED, IMAGES_REJECTED, FRAMES, PREDICTIONS, MODELS, RUNS, CLASS_STATS, LABEL_VERDICTS, DLQ);

    private Topics() {
    }

    private static FerTopic<FaceImage> images(String name) {
        return new FerTopic<>(name, FaceImage.class, STAGE_PARTITIONS, false);
    }
}
