package io.ferstream.model.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.ferstream.model.Preprocessing;
import io.ferstream.vision.GrayImage;

/**
 * Face embeddings from an ONNX model: grey faces of any size in, one vector per face out, from the
 * named (or first) output, flattened and not L2-normalised (callers compare by cosine).
 *
 * <p>Loading runs one batch of a blank image, so a wrong input name, size or layout, or an unknown
 * output name, fails at load rather than on the first face. <b>Thread-safe</b> (see
 * {@link OnnxModel}); {@link #close()} it.
 */
public final class EmbeddingModel implements AutoCloseable {

    private final OnnxModel model;
    private final Preprocessing contract;
    private final String output;
    private final String name;
    private final int dimension;

    private EmbeddingModel(OnnxModel model, Preprocessing contract, String output) {
        this.model = model;
        this.contract = contract;
        this.output = output;
        String file = model.file().getFileName().toString();
        this.name = "onnx:" + (file.toLowerCase(Locale.ROOT).endsWith(".onnx") ? file.substring(0, file.length() - 5) : file);
        this.dimension = embed(List.of(GrayImage.filled(contract.width(), contract.height(), 0)))[0].length;
    }

    /**
     * Loads {@code file}, fed as {@code contract} says, reading {@code output} ({@code null}: the
     * first); {@code intraOpThreads} is ONNX Runtime's thread count for one batch.
     *
     * @throws ModelLoadException when the file cannot be loaded or does not take this contract
     */
    public static EmbeddingModel load(Path file, Preprocessing contract, String output, int intraOpThreads) {
        OnnxModel model = OnnxModel.load(file, intraOpThreads);
        try {
            List<String> inputs = model.inputNames();
            if (inputs.size() != 1) {
                throw new ModelLoadException(file, "ONNX model " + file.toAbsolutePath() + " has inputs " + inputs
                        + "; only single-input models are supported");
            }
            if (contract.input() != null && !inputs.contains(contract.input())) {
                throw new ModelLoadException(file, "ONNX model " + file.toAbsolutePath() + " has no input '" + contract.input()
                        + "'; its input is " + inputs);
            }
            return new EmbeddingModel(model, contract, output);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** {@code onnx:<file name without .onnx>}. */
    public String name() {
        return name;
    }

    /** The embedding's length (128 for MobileFaceNet). */
    public int dimension() {
        return dimension;
    }

    public Preprocessing contract() {
        return contract;
    }

    /** The embeddings of a batch of faces, {@code [faces][dimension]}. */
    public float[][] embed(List<GrayImage> faces) {
        float[] tensor = contract.tensor(List.of(contract.toInputGray(faces)));
        return model.run(contract.input(), new OnnxModel.Tensor(tensor, contract.shape(faces.size())), output).rowsArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
