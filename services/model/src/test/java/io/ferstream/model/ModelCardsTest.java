package io.ferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.platform.files.Sha256;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String fixture(String name) throws Exception {
        try (InputStream in = ModelCardsTest.class.getResourceAsStream("cards/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Cards written by fer train and fer ensemble before this module existed: every field survives a read and a write. */
    @ParameterizedTest
    @ValueSource(strings = {"seed-card.json", "ensemble-card.json"})
    void cardsTheTrainerWroteRoundTripUnchanged(String name) throws Exception {
        String json = fixture(name);
        ModelCard card = ModelCards.parse(json);
        assertThat(card.taskOrDefault()).isEqualTo(Task.CLASSIFIER);
        assertThat(card.classes()).isEqualTo(FerClasses.NAMES);
        assertThat(card.preprocessing().clahe()).isEqualTo(Preprocessing.ClaheSettings.SEED);
        assertThat(card.test().perClass()).hasSize(7);
        assertThat(card.test().withTtaShifts().confusion()).hasDimensions(7, 7);
        assertThat(JSON.readTree(ModelCards.toJson(card))).isEqualTo(JSON.readTree(json));
    }

    @Test
    void anEnsembleCardKeepsItsMembersAndTheirFigures() throws Exception {
        ModelCard card = ModelCards.parse(fixture("ensemble-card.json"));
        assertThat(card.validation().members()).hasSize(2);
        assertThat(card.validation().members().get(0).accuracyTta()).isNotNull();
        assertThat(card.architecture().path("members")).hasSize(2);
        assertThat(card.training().path("members")).hasSize(2);
    }

    @Test
    void aPeerCardWithAFewFieldsLoadsWithDefaultsAndKeepsItsNote() {
        ModelCard card = ModelCards.parse("""
                {"format": "fer-model-card/1", "name": "peer", "note": "kept",
                 "preprocessing": {"size": 48, "color": "gray", "clahe": null, "mean": 0.5, "std": 0.5, "layout": "NHWC",
                                   "input": "input_1", "output": "predictions", "output_is_probabilities": true}}""");
        Preprocessing p = card.preprocessing();
        assertThat(p.layout()).isEqualTo(Preprocessing.Layout.NHWC);
        assertThat(p.clahe()).isNull();
        assertThat(p.scale(0)).isEqualTo(-1f);
        assertThat(p.scale(255)).isEqualTo(1f);
        assertThat(p.shape(2)).containsExactly(2, 48, 48, 1);
        assertThat(card.extras()).containsKey("note");
        assertThat(ModelCards.toJson(card)).contains("\"note\" : \"kept\"");
    }

    @Test
    void writtenCardsReadBackEqual(@TempDir Path dir) throws Exception {
        Preprocessing p = Preprocessing.gray(48, Preprocessing.ClaheSettings.SEED, 0f, 1f, Preprocessing.Layout.NCHW)
                .withNames("input", "probabilities");
        ModelCard card = ModelCard.of("seed", Task.CLASSIFIER, "model.onnx", "ab".repeat(32), p)
                .withProvenance("2026-01-01T00:00:00Z", "fer train --epochs 1", "0123abc");
        Path file = dir.resolve("card.json");
        ModelCards.write(card, file);
        assertThat(ModelCards.read(file)).isEqualTo(card);
    }

    @Test
    void aCardWhoseFileChangedIsRefusedNamingTheSha256(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.onnx"), "the model");
        Preprocessing p = Preprocessing.gray(48, null, 0f, 1f, Preprocessing.Layout.NCHW);
        Path cardFile = dir.resolve("card.json");
        ModelCards.write(ModelCard.of("m", Task.CLASSIFIER, "model.onnx", Sha256.of(model), p), cardFile);
        assertThat(ModelCards.readVerified(cardFile).name()).isEqualTo("m");

        Files.writeString(model, "another model");
        assertThatThrownBy(() -> ModelCards.readVerified(cardFile)).isInstanceOfSatisfying(ModelCardException.class,
                        e -> assertThat(e.field()).isEqualTo("onnx_sha256"))
                .hasMessageContaining("does not match its card");
        Files.delete(model);
        assertThatThrownBy(() -> ModelCards.readVerified(cardFile)).isInstanceOfSatisfying(ModelCardException.class,
                e -> assertThat(e.field()).isEqualTo("onnx"));
    }

    @Test
    void unknownPreprocessingTaskOrLayoutIsRefusedNamingTheField() throws Exception {
        assertRefused(card -> ((ObjectNode) card.path("preprocessing")).put("histogram_equalisation", true),
                "preprocessing.histogram_equalisation");
        assertRefused(card -> ((ObjectNode) card.path("preprocessing")).put("scaling", "x = pixel / 127.5 - 1"), "preprocessing.scaling");
        assertRefused(card -> ((ObjectNode) card.path("preprocessing")).put("layout", "CHW"), "preprocessing.layout");
        assertRefused(card -> ((ObjectNode) card.path("preprocessing")).put("color", "hsv"), "preprocessing.color");
        assertRefused(card -> ((ObjectNode) card.path("preprocessing")).put("std", 0), "preprocessing.std");
        assertRefused(card -> ((ObjectNode) card).put("task", "SEGMENTER"), "task");
        assertRefused(card -> ((ObjectNode) card).put("format", "fer-model-card/9"), "format");
        assertRefused(card -> ((ObjectNode) card).remove("preprocessing"), "preprocessing");
    }

    private interface Edit {
        void apply(JsonNode card);
    }

    private static void assertRefused(Edit edit, String field) throws Exception {
        JsonNode card = JSON.readTree(fixture("seed-card.json"));
        edit.apply(card);
        String json = JSON.writeValueAsString(card);
        assertThatThrownBy(() -> ModelCards.parse(json)).isInstanceOfSatisfying(ModelCardException.class,
                e -> assertThat(e.field()).isEqualTo(field)).hasMessageContaining(field);
    }
}
