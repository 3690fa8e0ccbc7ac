package io.ferstream.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The card beside a model's {@code .onnx} file ({@code card.json}, format {@value #FORMAT}): what the
 * model is, how to feed it, what it scored, what made it, and the sha256 of the file it describes.
 * Read, written and verified by {@link ModelCards} only.
 *
 * @param format       {@value #FORMAT}
 * @param name         the model's name (its key on the models topic)
 * @param version      a version, when the producer gives one
 * @param task         classifier, detector or embedder; cards without one are classifiers (what {@code fer train} wrote)
 * @param created      ISO-8601 instant
 * @param command      the command line that produced the model, when known
 * @param sourceCommit the git commit of the code that produced it, when known
 * @param onnx         the model file's name, beside the card
 * @param onnxSha256   that file's sha256 (64 lower-case hex digits)
 * @param opset        the ONNX opset
 * @param preprocessing the input contract
 * @param classes      labels in output order (FER order for FER classifiers)
 * @param outputs      output name → what it holds
 * @param architecture the network's description (members of an ensemble included), as its producer wrote it
 * @param training     the training record (data, recipe, history; one per member for an ensemble), as its producer wrote it
 * @param validation   figures on VALIDATION (PublicTest)
 * @param test         figures on TEST (PrivateTest)
 * @param extras       any other top-level field, kept as read (e.g. a {@code note})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "name", "version", "task", "created", "command", "source_commit", "onnx", "onnx_sha256", "opset",
        "preprocessing", "classes", "outputs", "architecture", "training", "validation", "test"})
public record ModelCard(String format, String name, String version, Task task, String created, String command,
        @JsonProperty("source_commit") String sourceCommit, String onnx, @JsonProperty("onnx_sha256") String onnxSha256,
        Integer opset, Preprocessing preprocessing, List<String> classes, Map<String, String> outputs,
        ObjectNode architecture, ObjectNode training, SplitMetrics validation, SplitMetrics test,
        @JsonAnySetter @JsonIgnore Map<String, JsonNode> extras) {

    public static final String FORMAT = "fer-model-card/1";

    public ModelCard {
        extras = extras == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extras);
        classes = classes == null ? null : List.copyOf(classes);
        outputs = outputs == null ? null : new LinkedHashMap<>(outputs);
    }

    /** A card of {@code name} for the file {@code onnx} with sha256 {@code sha256}; the rest is added with the {@code with…} methods. */
    public static ModelCard of(String name, Task task, String onnx, String sha256, Preprocessing preprocessing) {
        return new ModelCard(FORMAT, name, null, task, null, null, null, onnx, sha256, null, preprocessing, null, null, null, null,
                null, null, null);
    }

    /** The task, {@link Task#CLASSIFIER} when the card names none (cards written before tasks existed). */
    public Task taskOrDefault() {
        return task == null ? Task.CLASSIFIER : task;
    }

    @JsonAnyGetter
    Map<String, JsonNode> extrasForJson() {
        return extras;
    }

    public ModelCard withProvenance(String createdAt, String commandLine, String commit) {
        return new ModelCard(format, name, version, task, createdAt, commandLine, commit, onnx, onnxSha256, opset, preprocessing,
                classes, outputs, architecture, training, validation, test, extras);
    }

    public ModelCard withModel(Integer onnxOpset, List<String> labels, Map<String, String> outputNotes, ObjectNode network) {
        return new ModelCard(format, name, version, task, created, command, sourceCommit, onnx, onnxSha256, onnxOpset, preprocessing,
                labels, outputNotes, network, training, validation, test, extras);
    }

    public ModelCard withFigures(ObjectNode trainingRecord, SplitMetrics validationFigures, SplitMetrics testFigures) {
        return new ModelCard(format, name, version, task, created, command, sourceCommit, onnx, onnxSha256, opset, preprocessing,
                classes, outputs, architecture, trainingRecord, validationFigures, testFigures, extras);
    }
}
