package io.ferstream.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.platform.files.Sha256;

/**
 * The one place model cards are read, written and checked against their file. A card that names an
 * unknown task, layout, colour or preprocessing step, or whose sha256 is not its file's, is refused
 * with a {@link ModelCardException} naming the field.
 */
public final class ModelCards {

    /** The card's file name beside its model. */
    public static final String CARD_FILE = "card.json";
    /** The model's file name when a card names none. */
    public static final String MODEL_FILE = "model.onnx";
    /** The one scaling a card may state (and the one {@link Preprocessing#scale} applies). */
    public static final String SCALING = "x = (pixel / 255 - mean) / std";
    private static final String CLAHE_SEMANTICS = "OpenCV createCLAHE(clip_limit, (tiles, tiles)).apply on the 8-bit image";
    private static final Set<String> PREPROCESSING_FIELDS = Set.of("size", "width", "height", "color", "clahe", "mean", "std",
            "scaling", "layout", "input", "output", "output_is_probabilities");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("model-card")
                    .addSerializer(Preprocessing.class, new PreprocessingWriter())
                    .addDeserializer(Preprocessing.class, new PreprocessingReader()));

    private ModelCards() {
    }

    /** Reads and checks a card file (not its model file: see {@link #readVerified}). */
    public static ModelCard read(Path card) {
        try {
            return parse(Files.readString(card));
        } catch (IOException e) {
            throw new ModelCardException("card", "cannot read " + card + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks card JSON, e.g. the card a model release carries. */
    public static ModelCard parse(String json) {
        ModelCard card;
        try {
            card = MAPPER.readValue(json, ModelCard.class);
        } catch (JsonMappingException e) {
            throw refusal(e);
        } catch (JsonProcessingException e) {
            throw new ModelCardException("card", "not JSON: " + e.getOriginalMessage(), e);
        }
        if (card.format() != null && !ModelCard.FORMAT.equals(card.format())) {
            throw new ModelCardException("format", "'" + card.format() + "' is not " + ModelCard.FORMAT);
        }
        if (card.preprocessing() == null) {
            throw new ModelCardException("preprocessing", "missing: a card must say how its model is fed");
        }
        return card;
    }

    /** The model file a card describes: its {@code onnx} name (else {@value #MODEL_FILE}) beside the card. */
    public static Path modelFile(Path cardFile, ModelCard card) {
        return cardFile.toAbsolutePath().resolveSibling(card.onnx() == null ? MODEL_FILE : card.onnx());
    }

    /** Reads a card and checks that the model file it names exists and has the sha256 it records. */
    public static ModelCard readVerified(Path cardFile) {
        ModelCard card = read(cardFile);
        verify(card, modelFile(cardFile, card));
        return card;
    }

    /**
     * Checks that {@code model} is the file {@code card} describes.
     *
     * @throws ModelCardException naming {@code onnx_sha256} when the card records none or another one
     */
    public static void verify(ModelCard card, Path model) {
        if (!Files.isRegularFile(model)) {
            throw new ModelCardException("onnx", "the card names " + model + ", which does not exist");
        }
        String actual;
        try {
            actual = Sha256.of(model);
        } catch (IOException e) {
            throw new ModelCardException("onnx", "cannot read " + model + ": " + e.getMessage(), e);
        }
        if (card.onnxSha256() == null || card.onnxSha256().isBlank()) {
            throw new ModelCardException("onnx_sha256", "missing; the card cannot vouch for " + model);
        }
        if (!actual.equals(card.onnxSha256())) {
            throw new ModelCardException("onnx_sha256", model + " does not match its card (sha256 " + actual + ", the card says "
                    + card.onnxSha256() + ")");
        }
    }

    /** Writes the card through a temporary file, so a reader never sees half a card. */
    public static void write(ModelCard card, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(card));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The card as indented JSON. */
    public static String toJson(ModelCard card) {
        try {
            return MAPPER.writeValueAsString(card);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any card part (e.g. {@link SplitMetrics}) as a JSON tree, the way a card writes it. */
    public static ObjectNode toTree(Object part) {
        return MAPPER.valueToTree(part);
    }

    /** The refusal for a mapping error: the card field at fault is the error's JSON path. */
    private static ModelCardException refusal(JsonMappingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ModelCardException refused) {
                return refused;
            }
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return new ModelCardException(field.isEmpty() ? "card" : field.toString(), e.getOriginalMessage(), e);
    }

    private static final class PreprocessingWriter extends JsonSerializer<Preprocessing> {
        @Override
        public void serialize(Preprocessing p, JsonGenerator out, SerializerProvider serializers) throws IOException {
            out.writeStartObject();
            if (p.width() == p.height()) {
                out.writeNumberField("size", p.width());
            } else {
                out.writeNumberField("width", p.width());
                out.writeNumberField("height", p.height());
            }
            out.writeStringField("color", p.color().name().toLowerCase(Locale.ROOT));
            if (p.clahe() == null) {
                out.writeNullField("clahe");
            } else {
                out.writeObjectFieldStart("clahe");
                out.writeNumberField("clip_limit", p.clahe().clipLimit());
                out.writeNumberField("tiles", p.clahe().tiles());
                out.writeStringField("semantics", CLAHE_SEMANTICS);
                out.writeEndObject();
            }
            out.writeNumberField("mean", p.mean());
            out.writeNumberField("std", p.std());
            out.writeStringField("scaling", SCALING);
            out.writeStringField("layout", p.layout().name());
            out.writeStringField("input", p.input());
            out.writeStringField("output", p.output());
            out.writeBooleanField("output_is_probabilities", p.outputIsProbabilities());
            out.writeEndObject();
        }
    }

    /**
     * Reads {@code preprocessing}. Absent fields take the defaults cards always had (48×48 grey, no
     * CLAHE, [0, 1], NCHW, probabilities); an unknown field is a preprocessing step this code would
     * not apply, so it is refused rather than ignored.
     */
    private static final class PreprocessingReader extends JsonDeserializer<Preprocessing> {
        @Override
        public Preprocessing deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode p = in.readValueAsTree();
            if (!p.isObject()) {
                throw new ModelCardException("preprocessing", "must be an object");
            }
            for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!PREPROCESSING_FIELDS.contains(name)) {
                    throw new ModelCardException("preprocessing." + name, "unknown preprocessing step; known fields: "
                            + PREPROCESSING_FIELDS);
                }
            }
            if (p.has("scaling") && !SCALING.equals(p.path("scaling").asText())) {
                throw new ModelCardException("preprocessing.scaling", "'" + p.path("scaling").asText() + "' is unknown; the only "
                        + "scaling is '" + SCALING + "'");
            }
            int size = p.path("size").asInt(48);
            JsonNode clahe = p.path("clahe");
            Preprocessing.ClaheSettings settings = clahe.isObject()
                    ? new Preprocessing.ClaheSettings(clahe.path("clip_limit").asDouble(Double.NaN), clahe.path("tiles").asInt(0))
                    : null;
            return new Preprocessing(p.path("width").asInt(size), p.path("height").asInt(size),
                    constant(Preprocessing.Color.class, "preprocessing.color", p.path("color").asText("gray")), settings,
                    (float) p.path("mean").asDouble(0), (float) p.path("std").asDouble(1),
                    constant(Preprocessing.Layout.class, "preprocessing.layout", p.path("layout").asText("NCHW")),
                    textOrNull(p, "input"), textOrNull(p, "output"), p.path("output_is_probabilities").asBoolean(true));
        }

        private static <E extends Enum<E>> E constant(Class<E> type, String field, String value) {
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ModelCardException(field, "'" + value + "' is unknown; expected one of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }

        private static String textOrNull(JsonNode o, String field) {
            JsonNode v = o.get(field);
            return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
        }
    }
}
