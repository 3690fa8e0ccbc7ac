package io.ferstream.trainer.data;

import io.ferstream.model.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.ferstream.events.Split;

/**
 * What a training run learns from: the labelled images of each split, where they came from, and
 * whether their pixels already went through the pipeline's CLAHE (the enhancer's output does; the
 * published FER2013 CSV does not). The model's contract applies CLAHE to raw faces, so images that
 * already had it must not get it twice, neither in training nor in the final TEST evaluation.
 *
 * @param source a file name, or {@code run <id>} for a pipeline run
 * @param runId the pipeline run the images came from, or null for a file
 */
public record TrainingData(Map<Split, ImageSet> splits, String source, String runId, boolean claheApplied) {

    /** How the pixels of an input arrive. */
    public enum Pixels {
        /** As published (the FER2013 CSV): the trainer applies the model's CLAHE. */
        RAW,
        /** Already CLAHE'd by the pipeline's enhancer (the cleaned topic, {@code fer run}'s cleaned.csv). */
        CLAHE
    }

    public TrainingData {
        splits = Map.copyOf(splits);
    }

    /** A FER2013-format CSV, its pixels {@code raw} or already CLAHE'd. */
    public static TrainingData fromCsv(Path file, Pixels pixels) throws IOException {
        return new TrainingData(Fer2013Csv.read(file), file.getFileName().toString(), null, pixels == Pixels.CLAHE);
    }

    public ImageSet split(Split split) {
        return splits.getOrDefault(split, new ImageSet(new byte[0][], new int[0]));
    }

    /** Images of this data as the network sees them before scaling: CLAHE'd exactly once. */
    public ImageSet modelInputs(ImageSet images, Preprocessing contract) {
        return claheApplied ? images : Inputs.equalise(images, contract);
    }

    /** The contract to evaluate these images with: without its CLAHE when they already had it. */
    public Preprocessing evaluationContract(Preprocessing contract) {
        return claheApplied ? contract.withoutClahe() : contract;
    }
}
