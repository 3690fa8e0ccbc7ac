package io.ferstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.ferstream.model.Preprocessing;
import io.ferstream.model.eval.Evaluation;
import io.ferstream.model.onnx.Classifier;
import io.ferstream.model.onnx.ModelLoadException;
import io.ferstream.vision.GrayImage;

/** Labelled image sets through the model layer: a contract's CLAHE and scaling, and evaluation of an ONNX classifier. */
public final class Inputs {

    private Inputs() {
    }

    /** The images after the contract's CLAHE (the same set when it has none). */
    public static ImageSet equalise(ImageSet images, Preprocessing contract) {
        if (contract.clahe() == null) {
            return images;
        }
        List<GrayImage> raw = new ArrayList<>(images.size());
        for (byte[] p : images.pixels()) {
            raw.add(GrayImage.of(ImageSet.SIDE, ImageSet.SIDE, p));
        }
        return new ImageSet(contract.toInputGray(raw), images.labels());
    }

    /** Images {@code from .. to} of an already equalised set, scaled, as one flat batch. */
    public static float[] batch(ImageSet equalised, int from, int to, Preprocessing contract) {
        return contract.tensor(Arrays.asList(equalised.pixels()).subList(from, to));
    }

    /** Evaluates the ONNX classifier in {@code model} on raw {@code images}, fed as {@code contract} says. */
    public static Evaluation evaluate(Path model, Preprocessing contract, ImageSet images) throws IOException {
        try (Classifier classifier = Classifier.load(model, contract)) {
            return Evaluation.of(classifier, images.pixels(), ImageSet.SIDE, images.labels());
        } catch (ModelLoadException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
