package io.ferstream.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
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
 * One ONNX model on DJL's ONNX Runtime engine, CPU, offline: a batch tensor in, every output out.
 *
 * <p><b>Thread-safe</b>: the ONNX Runtime session is shared (ORT allows concurrent runs on one
 * session) and each {@link #run} opens and closes its own DJL {@link Predictor}, which is not
 * thread-safe itself and is cheap to make. {@link #close()} once every run has returned.
 */
public final class OnnxModel implements AutoCloseable {

    /** A flat float tensor, row-major, and its shape. */
    public record Tensor(float[] values, long[] shape) {

        /** The size of the first (batch) axis. */
        public int rows() {
            return (int) shape[0];
        }

        /** The values of one batch row. */
        public float[] row(int i) {
            int width = values.length / Math.max(rows(), 1);
            float[] out = new float[width];
            System.arraycopy(values, i * width, out, 0, width);
            return out;
        }

        /** Every batch row, {@code [rows][values per row]}. */
        public float[][] rowsArray() {
            float[][] out = new float[rows()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = row(i);
            }
            return out;
        }
    }

    /** One batch for the named input ({@code null}: the model's only input). */
    private record Batch(String input, Tensor tensor) {
    }

    private final Path file;
    private final ZooModel<Batch, Map<String, Tensor>> model;
    private final List<String> inputs;

    private OnnxModel(Path file, ZooModel<Batch, Map<String, Tensor>> model) {
        this.file = file;
        this.model = model;
        this.inputs = List.copyOf(model.describeInput().keys());
    }

    /**
     * Loads {@code file}; {@code intraOpThreads} is ONNX Runtime's thread count for one run.
     *
     * @throws ModelLoadException when the file is missing or unreadable or ONNX Runtime cannot load it
     */
    public static OnnxModel load(Path file, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        Path path = file.toAbsolutePath();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ModelLoadException(file, "ONNX model " + path + (Files.exists(path) ? " is not a readable file" : " does not exist"));
        }
        DjlOffline.ensure();
        Criteria<Batch, Map<String, Tensor>> criteria = Criteria.builder()
                .setTypes(Batch.class, mapType())
                // The folder plus the file name, not the file itself: same model, without DJL's
                // "Simple repository pointing to a non-archive file" warning on every load.
                .optModelPath(path.getParent())
                .optModelName(path.getFileName().toString())
                .optEngine("OnnxRuntime")
                .optDevice(Device.cpu())
                .optTranslator(new Io())
                // DJL only applies intraOpNumThreads when interOpNumThreads is set too.
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
                .build();
        try {
            return new OnnxModel(file, criteria.loadModel());
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ModelLoadException(file, "ONNX model " + path + " could not be loaded: " + rootMessage(e), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<Map<String, Tensor>> mapType() {
        return (Class<Map<String, Tensor>>) (Class<?>) Map.class;
    }

    public Path file() {
        return file;
    }

    /** The model's input names, in order. */
    public List<String> inputNames() {
        return inputs;
    }

    /**
     * Runs one batch through the model.
     *
     * @param input the input to feed, or {@code null} for the model's only input
     * @return every output by name, in the model's order
     * @throws ModelLoadException when ONNX Runtime refuses the input (wrong shape, layout or name)
     */
    public Map<String, Tensor> run(String input, Tensor batch) {
        try (Predictor<Batch, Map<String, Tensor>> predictor = model.newPredictor()) {
            return predictor.predict(new Batch(input, batch));
        } catch (TranslateException | RuntimeException e) {
            throw new ModelLoadException(file, "ONNX model " + file.toAbsolutePath() + " failed on a " + shapeText(batch.shape())
                    + " input: " + rootMessage(e), e);
        }
    }

    /**
     * Runs one batch and returns one output.
     *
     * @param output the output to return, or {@code null} for the model's first
     * @throws ModelLoadException when ONNX Runtime refuses the input or the model has no such output
     */
    public Tensor run(String input, Tensor batch, String output) {
        Map<String, Tensor> outputs = run(input, batch);
        Tensor y = output == null ? outputs.values().iterator().next() : outputs.get(output);
        if (y == null) {
            throw new ModelLoadException(file, "ONNX model " + file.toAbsolutePath() + " has no output '" + output
                    + "'; its outputs are " + outputs.keySet());
        }
        return y;
    }

    @Override
    public void close() {
        model.close();
    }

    static String shapeText(long[] shape) {
        StringBuilder text = new StringBuilder();
        for (long d : shape) {
            text.append(text.isEmpty() ? "" : "x").append(d);
        }
        return text.toString();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** Java arrays in and out, so no NDArray outlives its predictor; batches are built by the caller, no batchifier. */
    private static final class Io implements Translator<Batch, Map<String, Tensor>> {

        @Override
        public NDList processInput(TranslatorContext ctx, Batch batch) {
            NDArray array = ctx.getNDManager().create(batch.tensor().values(), new Shape(batch.tensor().shape()));
            if (batch.input() != null) {
                array.setName(batch.input());
            }
            return new NDList(array);
        }

        @Override
        public Map<String, Tensor> processOutput(TranslatorContext ctx, NDList list) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            List<String> unnamed = new ArrayList<>();
            for (NDArray array : list) {
                String name = array.getName() == null ? "output" + unnamed.size() : array.getName();
                unnamed.add(name);
                out.put(name, new Tensor(array.toFloatArray(), array.getShape().getShape()));
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
