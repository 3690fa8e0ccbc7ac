package io.ferstream.trainer.ensemble;

import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.trainer.onnx.OnnxProto;
import io.ferstream.model.onnx.ProtoWriter;
import static io.ferstream.trainer.onnx.OnnxProto.DIM_VALUE;
import static io.ferstream.trainer.network.OnnxWriter.EMBEDDING;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_INITIALIZER;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_INPUT;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_NODE;
import static io.ferstream.trainer.onnx.OnnxProto.GRAPH_OUTPUT;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_GRAPH;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_IR_VERSION;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_OPSET_IMPORT;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_PRODUCER_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.MODEL_PRODUCER_VERSION;
import static io.ferstream.trainer.onnx.OnnxProto.NODE_ATTRIBUTE;
import static io.ferstream.trainer.onnx.OnnxProto.NODE_INPUT;
import static io.ferstream.trainer.onnx.OnnxProto.NODE_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.NODE_OUTPUT;
import static io.ferstream.trainer.onnx.OnnxProto.OPSET_DOMAIN;
import static io.ferstream.trainer.onnx.OnnxProto.OPSET_VERSION;
import static io.ferstream.trainer.network.OnnxWriter.PROBABILITIES;
import static io.ferstream.trainer.onnx.OnnxProto.SHAPE_DIM;
import static io.ferstream.trainer.onnx.OnnxProto.TENSOR_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.TENSOR_TYPE_SHAPE;
import static io.ferstream.trainer.onnx.OnnxProto.TYPE_TENSOR;
import static io.ferstream.trainer.onnx.OnnxProto.VALUE_INFO_NAME;
import static io.ferstream.trainer.onnx.OnnxProto.VALUE_INFO_TYPE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins FER classifiers exported by {@link OnnxWriter} into one ONNX model that the live classifier,
 * the embedder and {@code fer evaluate} use like any single one. Each member's graph is copied with
 * its names prefixed ({@code m0/}, {@code m1/}, …) and all read the one shared input;
 * {@value OnnxWriter#PROBABILITIES} is the mean of the members' probabilities (a Mean node) and
 * {@value OnnxWriter#EMBEDDING} their embeddings side by side (Concat on axis 1).
 */
public final class OnnxEnsemble {

    private static final int GRAPH_DOC = 10;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int ATTR_SUBGRAPH = 6;
    private static final int ATTR_SUBGRAPHS = 11;

    /** The merged model, its operator set, and the width of each member's embedding (the merged one is their sum). */
    public record Merged(byte[] model, long opset, int classes, List<Long> embeddingWidths) {

        public long embeddingWidth() {
            return embeddingWidths.stream().mapToLong(Long::longValue).sum();
        }
    }

    private OnnxEnsemble() {
    }

    /**
     * Merges two or more serialised ModelProtos, each with outputs {@code probabilities} and
     * {@code embedding}, in the map's order; its keys name the members in error messages.
     */
    public static Merged merge(Map<String, byte[]> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two models, got " + members.size());
        }
        List<String> names = List.copyOf(members.keySet());
        List<byte[]> models = List.copyOf(members.values());
        ProtoWriter graph = new ProtoWriter();
        byte[] sharedInput = null;
        String inputName = null;
        long irVersion = 0;
        long opset = 0;
        long classes = -1;
        List<String> probabilities = new ArrayList<>();
        List<String> embeddings = new ArrayList<>();
        List<Long> widths = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String prefix = "m" + i + "/";
            String member = names.get(i);
            Graph m = Graph.read(models.get(i), member);
            irVersion = Math.max(irVersion, m.irVersion);
            if (i > 0 && m.opset != opset) {
                // a newer opset can change what an operator means; members are not upgraded silently
                throw new IllegalArgumentException(member + " uses ONNX opset " + m.opset + ", " + names.get(0) + " opset " + opset
                        + ": members must share one");
            }
            opset = m.opset;
            if (inputName == null) {
                inputName = m.inputName;
                sharedInput = m.input;
            } else if (!inputName.equals(m.inputName)) {
                throw new IllegalArgumentException(member + " reads input '" + m.inputName + "', " + names.get(0) + " reads '"
                        + inputName + "': members must share one input");
            }
            long memberClasses = lastDim(m.outputs.get(PROBABILITIES), member, PROBABILITIES);
            if (classes >= 0 && memberClasses != classes) {
                throw new IllegalArgumentException(member + " has " + memberClasses + " classes, " + names.get(0) + " has " + classes);
            }
            classes = memberClasses;
            widths.add(lastDim(m.outputs.get(EMBEDDING), member, EMBEDDING));
            for (ProtoReader.Field f : m.graph) {
                switch (f.number()) {
                    case GRAPH_NODE -> graph.bytes(GRAPH_NODE, node(f.payload(), prefix, inputName, member));
                    case GRAPH_INITIALIZER -> graph.bytes(GRAPH_INITIALIZER, renamed(f.payload(), TENSOR_NAME, prefix));
                    case GRAPH_VALUE_INFO -> graph.bytes(GRAPH_VALUE_INFO, renamed(f.payload(), VALUE_INFO_NAME, prefix));
                    case GRAPH_INPUT -> {
                        if (!name(f.payload(), VALUE_INFO_NAME).equals(inputName)) {
                            // an initializer also listed as an input (IR < 4 style) belongs to its member
                            graph.bytes(GRAPH_INPUT, renamed(f.payload(), VALUE_INFO_NAME, prefix));
                        }
                    }
                    case GRAPH_OUTPUT, GRAPH_NAME, GRAPH_DOC -> {
                        // outputs are replaced by the ensemble's; the name and doc are the member's own
                    }
                    default -> throw new IllegalArgumentException(member + ": graph field " + f.number()
                            + " (sparse initializers, quantisation annotations) is not supported in an ensemble");
                }
            }
            probabilities.add(prefix + PROBABILITIES);
            embeddings.add(prefix + EMBEDDING);
        }
        graph.message(GRAPH_NODE, OnnxProto.nodeProto("Mean", PROBABILITIES, probabilities, List.of(PROBABILITIES)));
        graph.message(GRAPH_NODE, OnnxProto.nodeProto("Concat", EMBEDDING, embeddings, List.of(EMBEDDING), OnnxProto.integer("axis", 1)));
        graph.string(GRAPH_NAME, "ensemble-of-" + models.size());
        graph.bytes(GRAPH_INPUT, sharedInput);
        graph.message(GRAPH_OUTPUT, OnnxProto.valueInfo(PROBABILITIES, classes));
        graph.message(GRAPH_OUTPUT, OnnxProto.valueInfo(EMBEDDING, widths.stream().mapToLong(Long::longValue).sum()));
        byte[] model = new ProtoWriter()
                .varint(MODEL_IR_VERSION, irVersion)
                .string(MODEL_PRODUCER_NAME, "fer-trainer ensemble")
                .string(MODEL_PRODUCER_VERSION, "1")
                .message(MODEL_GRAPH, graph)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, opset))
                .toByteArray();
        return new Merged(model, opset, (int) classes, List.copyOf(widths));
    }

    /** What a member contributes: its graph's fields, its one real input, its named outputs. */
    private record Graph(long irVersion, long opset, List<ProtoReader.Field> graph, String inputName, byte[] input,
            Map<String, byte[]> outputs) {

        static Graph read(byte[] model, String member) {
            long ir = 0;
            long opset = -1;
            byte[] graphBytes = null;
            for (ProtoReader.Field f : fields(model, member)) {
                switch (f.number()) {
                    case MODEL_IR_VERSION -> ir = f.varint();
                    case MODEL_GRAPH -> graphBytes = f.payload();
                    case MODEL_OPSET_IMPORT -> {
                        String domain = "";
                        long version = 0;
                        for (ProtoReader.Field o : fields(f.payload(), member)) {
                            if (o.number() == OPSET_DOMAIN) {
                                domain = o.string();
                            } else if (o.number() == OPSET_VERSION) {
                                version = o.varint();
                            }
                        }
                        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                            throw new IllegalArgumentException(member + " uses operator set '" + domain
                                    + "'; an ensemble takes models of the standard ONNX operators only");
                        }
                        opset = version;
                    }
                    default -> {
                        // producer, doc, metadata: the ensemble has its own
                    }
                }
            }
            if (graphBytes == null || opset < 0) {
                throw new IllegalArgumentException(member + " is not an ONNX model (no graph or no operator set)");
            }
            List<ProtoReader.Field> graph = fields(graphBytes, member);
            Set<String> initializers = new HashSet<>();
            for (ProtoReader.Field f : graph) {
                if (f.number() == GRAPH_INITIALIZER) {
                    initializers.add(name(f.payload(), TENSOR_NAME));
                }
            }
            String inputName = null;
            byte[] input = null;
            Map<String, byte[]> outputs = new HashMap<>();
            for (ProtoReader.Field f : graph) {
                if (f.number() == GRAPH_INPUT && !initializers.contains(name(f.payload(), VALUE_INFO_NAME))) {
                    if (inputName != null) {
                        throw new IllegalArgumentException(member + " has more than one input");
                    }
                    inputName = name(f.payload(), VALUE_INFO_NAME);
                    input = f.payload();
                } else if (f.number() == GRAPH_OUTPUT) {
                    outputs.put(name(f.payload(), VALUE_INFO_NAME), f.payload());
                }
            }
            if (inputName == null) {
                throw new IllegalArgumentException(member + " has no input");
            }
            for (String required : List.of(PROBABILITIES, EMBEDDING)) {
                if (!outputs.containsKey(required)) {
                    throw new IllegalArgumentException(member + " has no output '" + required + "' (outputs: "
                            + outputs.keySet() + "); an ensemble joins models exported by fer train");
                }
            }
            return new Graph(ir, opset, graph, inputName, input, outputs);
        }
    }

    /** A member's node with its node name, inputs and outputs prefixed, except the shared input and empty (absent) inputs. */
    private static byte[] node(byte[] node, String prefix, String sharedInput, String member) {
        ProtoWriter out = new ProtoWriter();
        for (ProtoReader.Field f : ProtoReader.fields(node)) {
            switch (f.number()) {
                case NODE_INPUT, NODE_OUTPUT, NODE_NAME -> {
                    String value = f.string();
                    boolean keep = value.isEmpty() || (f.number() == NODE_INPUT && value.equals(sharedInput));
                    out.string(f.number(), keep ? value : prefix + value);
                }
                case NODE_ATTRIBUTE -> {
                    for (ProtoReader.Field a : ProtoReader.fields(f.payload())) {
                        if (a.number() == ATTR_SUBGRAPH || a.number() == ATTR_SUBGRAPHS) {
                            throw new IllegalArgumentException(member + " has a node with a subgraph (If, Loop, Scan): "
                                    + "not supported in an ensemble");
                        }
                    }
                    out.encoded(f.encoded());
                }
                default -> out.encoded(f.encoded());
            }
        }
        return out.toByteArray();
    }

    /** The message with its string field {@code nameField} prefixed. */
    private static byte[] renamed(byte[] message, int nameField, String prefix) {
        ProtoWriter out = new ProtoWriter();
        for (ProtoReader.Field f : ProtoReader.fields(message)) {
            if (f.number() == nameField) {
                out.string(nameField, prefix + f.string());
            } else {
                out.encoded(f.encoded());
            }
        }
        return out.toByteArray();
    }

    private static String name(byte[] message, int nameField) {
        for (ProtoReader.Field f : ProtoReader.fields(message)) {
            if (f.number() == nameField) {
                return f.string();
            }
        }
        return "";
    }

    /** The last dimension of a tensor value's shape: the class count or the embedding width. */
    private static long lastDim(byte[] valueInfo, String member, String output) {
        long last = -1;
        for (ProtoReader.Field type : ProtoReader.fields(valueInfo)) {
            if (type.number() != VALUE_INFO_TYPE) {
                continue;
            }
            for (ProtoReader.Field tensor : ProtoReader.fields(type.payload())) {
                if (tensor.number() != TYPE_TENSOR) {
                    continue;
                }
                for (ProtoReader.Field shape : ProtoReader.fields(tensor.payload())) {
                    if (shape.number() != TENSOR_TYPE_SHAPE) {
                        continue;
                    }
                    for (ProtoReader.Field dim : ProtoReader.fields(shape.payload())) {
                        if (dim.number() == SHAPE_DIM) {
                            last = -1;
                            for (ProtoReader.Field d : ProtoReader.fields(dim.payload())) {
                                if (d.number() == DIM_VALUE) {
                                    last = d.varint();
                                }
                            }
                        }
                    }
                }
            }
        }
        if (last <= 0) {
            throw new IllegalArgumentException(member + ": output '" + output + "' has no fixed last dimension");
        }
        return last;
    }

    private static List<ProtoReader.Field> fields(byte[] message, String member) {
        try {
            return ProtoReader.fields(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(member + " is not a readable ONNX file: " + e.getMessage(), e);
        }
    }
}
