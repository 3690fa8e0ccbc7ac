package io.ferstream.model.onnx;

import java.nio.file.Path;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCards;
import io.ferstream.model.Preprocessing;

/**
 * An ONNX classifier fed as its {@link Preprocessing} says: batches of prepared inputs in, class
 * probabilities out (a softmax is applied when the contract says the output holds logits).
 * <b>Thread-safe</b> (see {@link OnnxModel}); {@link #close()} it.
 */
public final class Classifier implements AutoCloseable {

    private final OnnxModel model;
    private final Preprocessing contract;

    private Classifier(OnnxModel model, Preprocessing contract) {
        this.model = model;
        this.contract = contract;
    }

    /** Loads {@code file} with ONNX Runtime using every core for one batch (evaluation's batches are large). */
    public static Classifier load(Path file, Preprocessing contract) {
        return new Classifier(OnnxModel.load(file, Runtime.getRuntime().availableProcessors()), contract);
    }

    /** Loads the model a card describes, after checking the file is the card's (sha256). */
    public static Classifier fromCard(Path cardFile) {
        ModelCard card = ModelCards.readVerified(cardFile);
        return load(ModelCards.modelFile(cardFile, card), card.preprocessing());
    }

    public Preprocessing contract() {
        return contract;
    }

    /** Class probabilities of {@code n} prepared images ({@link Preprocessing#tensor}): {@code [n][classes]}. */
    public float[][] predict(float[] prepared, int n) {
        float[][] scores = rows(contract.output(), prepared, n);
        if (!contract.outputIsProbabilities()) {
            for (float[] row : scores) {
                softmaxInPlace(row);
            }
        }
        return scores;
    }

    /** Another output of the model (e.g. {@code embedding}) as it is, {@code [n][width]}. */
    public float[][] output(String name, float[] prepared, int n) {
        return rows(name, prepared, n);
    }

    private float[][] rows(String output, float[] prepared, int n) {
        return model.run(contract.input(), new OnnxModel.Tensor(prepared, contract.shape(n)), output).rowsArray();
    }

    private static void softmaxInPlace(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (row[i] / sum);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
