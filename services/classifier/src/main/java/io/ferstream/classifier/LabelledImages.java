package io.ferstream.classifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ferstream.events.FaceImage;
import io.ferstream.events.StageVerdict;
import io.ferstream.model.Preprocessing;
import io.ferstream.platform.stage.EnhancerVerdict;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.vision.GrayImage;

/**
 * Scores labelled face images (already 48×48 face crops: no detection) with a model and records the
 * result in {@link LiveAccuracy}. Images the pipeline's enhancer already CLAHE'd are fed with the
 * card's contract minus its CLAHE, as the trainer evaluates them, so CLAHE is applied exactly once;
 * one model call per contract per batch. Pure apart from the model and the metrics.
 */
final class LabelledImages {

    private LabelledImages() {
    }

    /** Classifies the labelled images of {@code images} with {@code model}, one batch per input contract. */
    static void score(List<FaceImage> images, LiveModel model, LiveAccuracy accuracy) {
        Preprocessing card = model.classifier().contract();
        Map<Preprocessing, List<FaceImage>> byContract = new LinkedHashMap<>();
        for (FaceImage image : images) {
            if (image.getLabel() == null) {
                accuracy.skipped(LiveAccuracy.Skip.UNLABELLED);
            } else if (ImageValidation.invalidReason(image) != null) {
                accuracy.skipped(LiveAccuracy.Skip.UNREADABLE);
            } else {
                Optional<Preprocessing> contract = contractFor(image, card);
                if (contract.isEmpty()) {
                    accuracy.skipped(LiveAccuracy.Skip.PREPROCESSING);
                } else {
                    byContract.computeIfAbsent(contract.get(), c -> new ArrayList<>()).add(image);
                }
            }
        }
        byContract.forEach((contract, batch) -> {
            List<GrayImage> faces = batch.stream()
                    .map(i -> GrayImage.of(i.getWidth(), i.getHeight(), ImageValidation.pixels(i))).toList();
            float[][] rows = model.classifier().predict(contract.tensor(List.of(contract.toInputGray(faces))), faces.size());
            for (int k = 0; k < rows.length; k++) {
                FaceImage image = batch.get(k);
                accuracy.record(image.getSplit(), model.version(), PollProcessor.argmax(rows[k]) == image.getLabel().ordinal());
            }
        });
    }

    /**
     * How to feed {@code image} to a model whose card says {@code card}: as the card says when the
     * enhancer did not touch it; without the card's CLAHE when the enhancer applied that same CLAHE
     * (settings it does not record count as the same, as the trainer reads them); empty when it was
     * CLAHE'd otherwise or the card wants no CLAHE (an equalised face cannot be undone).
     */
    static Optional<Preprocessing> contractFor(FaceImage image, Preprocessing card) {
        Optional<StageVerdict> enhanced = EnhancerVerdict.of(image);
        if (enhanced.isEmpty()) {
            return Optional.of(card);
        }
        if (card.clahe() == null) {
            return Optional.empty();
        }
        Double clip = enhanced.get().getThresholds().get(EnhancerVerdict.CLIP_LIMIT);
        Double tiles = enhanced.get().getThresholds().get(EnhancerVerdict.TILES);
        boolean same = (clip == null || clip == card.clahe().clipLimit()) && (tiles == null || tiles == card.clahe().tiles());
        return same ? Optional.of(card.withoutClahe()) : Optional.empty();
    }
}
