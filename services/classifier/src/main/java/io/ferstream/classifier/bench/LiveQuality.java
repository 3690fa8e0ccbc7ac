package io.ferstream.classifier.bench;

import java.util.List;

import io.ferstream.classifier.FaceCrops;
import io.ferstream.classifier.FaceMatching;
import io.ferstream.classifier.LiveModel;
import io.ferstream.classifier.PollProcessor;
import io.ferstream.events.FacePrediction;
import io.ferstream.events.Prediction;
import io.ferstream.model.Preprocessing;
import io.ferstream.vision.FaceBox;
import io.ferstream.vision.GrayImage;
import io.ferstream.vision.frames.FrameDecoder;
import io.ferstream.vision.frames.FrameLimits;

/**
 * What the live path made of the composited faces. Detection: a known face is found when a detected
 * box overlaps the square it was pasted into at IoU >= {@link #MIN_IOU}; {@code touched} counts the
 * known faces with any detection centred inside their square (found, or framed too differently). Labels, for every found face
 * (live label = argmax of the raw, unsmoothed probabilities), against the same model run here on:
 * <ul>
 *   <li>the original 48×48 face ({@code sameAsDirect}: the figure);</li>
 *   <li>the very crop the live path took, cut again from the decoded frame ({@code sameAsOfflineCrop}:
 *       whether the live path adds anything of its own, e.g. batching);</li>
 *   <li>the known square cut from the decoded frame ({@code squareSameAsDirect}: what the JPEG and the
 *       enlarge-then-shrink round trip alone change, with FER2013's own framing).</li>
 * </ul>
 * The rest of the gap between the first and the last is the detector's framing of the face.
 */
record LiveQuality(int frames, int faces, int found, int touched, int extraDetections, int sameAsDirect, int sameAsOfflineCrop,
                   int squareSameAsDirect, int liveCorrect, int directCorrect) {

    static final double MIN_IOU = 0.5;

    /** Scores {@code kept} (predictions by frame index; frame i showed {@code pool[i % size]}, faces cropped with {@code margin}). */
    static LiveQuality of(Prediction[] kept, List<BenchFrame> pool, LiveModel model, double margin) {
        FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULT);
        int frames = 0;
        int faces = 0;
        int found = 0;
        int touched = 0;
        int extra = 0;
        int sameAsDirect = 0;
        int sameAsOfflineCrop = 0;
        int squareSameAsDirect = 0;
        int liveCorrect = 0;
        int directCorrect = 0;
        for (int i = 0; i < kept.length; i++) {
            Prediction prediction = kept[i];
            if (prediction == null) {
                continue;
            }
            BenchFrame frame = pool.get(i % pool.size());
            GrayImage decoded = decoder.decode(FrameDecoder.Encoding.JPEG, SceneComposer.WIDTH, SceneComposer.HEIGHT, frame.jpeg());
            List<FaceBox> detected = prediction.getFaces().stream().map(LiveQuality::box).toList();
            int[] match = FaceMatching.match(frame.squares(), detected, MIN_IOU);
            frames++;
            faces += match.length;
            for (int k = 0; k < match.length; k++) {
                FaceBox square = frame.squares().get(k);
                touched += detected.stream().anyMatch(d -> centredIn(d, square)) ? 1 : 0;
                if (match[k] < 0) {
                    continue;
                }
                found++;
                int live = PollProcessor.argmax(floats(prediction.getFaces().get(match[k]).getProbabilities()));
                int direct = label(model, frame.faces().get(k));
                int offlineCrop = label(model, FaceCrops.crops(decoded, List.of(detected.get(match[k])), margin).get(0));
                int known = label(model, FaceCrops.crops(decoded, List.of(square), 0).get(0));
                sameAsDirect += live == direct ? 1 : 0;
                sameAsOfflineCrop += live == offlineCrop ? 1 : 0;
                squareSameAsDirect += known == direct ? 1 : 0;
                liveCorrect += live == frame.labels().get(k) ? 1 : 0;
                directCorrect += direct == frame.labels().get(k) ? 1 : 0;
            }
            extra += detected.size() - (int) java.util.Arrays.stream(match).filter(m -> m >= 0).count();
        }
        return new LiveQuality(frames, faces, found, touched, extra, sameAsDirect, sameAsOfflineCrop, squareSameAsDirect, liveCorrect,
                directCorrect);
    }

    private static boolean centredIn(FaceBox box, FaceBox square) {
        double cx = box.x() + box.w() / 2.0;
        double cy = box.y() + box.h() / 2.0;
        return cx >= square.x() && cx < square.x() + square.w() && cy >= square.y() && cy < square.y() + square.h();
    }

    private static int label(LiveModel model, GrayImage face) {
        Preprocessing contract = model.classifier().contract();
        return PollProcessor.argmax(model.classifier().predict(contract.tensor(List.of(contract.toInputGray(List.of(face)))), 1)[0]);
    }

    private static FaceBox box(FacePrediction face) {
        return new FaceBox(face.getBox().getX(), face.getBox().getY(), face.getBox().getWidth(), face.getBox().getHeight());
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }
}
