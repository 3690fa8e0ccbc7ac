package io.ferstream.trainer;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Any ONNX FER classifier on ONNX Runtime (through DJL), fed as its {@link Preprocessing} says.
 * Returns the class scores as probabilities, plus any other named output on request.
 * Not thread-safe (one predictor).
 */
public final class OnnxClassifier implements AutoCloseable {

    /** A batch already scaled and laid out: {@code n} images of {@code size²} floats. */
    record Batch(float[] values, int n) {
    }

    private final Preprocessing contract;
    private final ZooModel<Batch, float[][]> model;
    private final Predictor<Batch, float[][]> predictor;

    private OnnxClassifier(Preprocessing contract, ZooModel<Batch, float[][]> model) {
        this.contract = contract;
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Loads {@code file} with the given output ({@code output == null}: the contract's). */
    public static OnnxClassifier load(Path file, Preprocessing contract) throws IOException {
        return load(file, contract, contract.output());
    }

    static OnnxClassifier load(Path file, Preprocessing contract, String output) throws IOException {
        DjlSetup.offline();
        Criteria<Batch, float[][]> criteria = Criteria.builder()
                .setTypes(Batch.class, float[][].class)
                .optModelPath(file.toAbsolutePath())
                .optEngine("OnnxRuntime")
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(Runtime.getRuntime().availableProcessors()))
                .optTranslator(new Io(contract, output))
                .build();
        try {
            return new OnnxClassifier(contract, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    public Preprocessing contract() {
        return contract;
    }

    /** Scores for {@code n} prepared images: {@code [n][outputWidth]}. */
    public float[][] predict(float[] values, int n) {
        try {
            return predictor.predict(new Batch(values, n));
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /** Copies a batch in, the chosen output out (softmax applied unless the contract says it is there). */
    private record Io(Preprocessing contract, String output) implements Translator<Batch, float[][]> {

        @Override
        public NDList processInput(TranslatorContext ctx, Batch batch) {
            NDArray x = ctx.getNDManager().create(FloatBuffer.wrap(batch.values()), new Shape(contract.shape(batch.n())));
            if (contract.input() != null) {
                x.setName(contract.input());
            }
            return new NDList(x);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray y = output == null ? list.get(0) : list.get(output);
            if (y == null) {
                throw new IllegalArgumentException("the model has no output named '" + output + "'");
            }
            boolean isScores = output == null || output.equals(contract.output());
            if (isScores && !contract.softmax()) {
                y = y.softmax(-1);
            }
            long[] shape = y.getShape().getShape();
            int n = (int) shape[0];
            int width = (int) (y.size() / Math.max(n, 1));
            float[] flat = y.toFloatArray();
            float[][] out = new float[n][width];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * width, out[i], 0, width);
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
