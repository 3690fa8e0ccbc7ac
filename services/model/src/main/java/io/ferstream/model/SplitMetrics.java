package io.ferstream.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A model's figures on one split, as a card stores them (every part optional): accuracy plain and
 * with TTA, per-class precision / recall / F1 and the confusion matrix ({@code [true][predicted]}),
 * the same for each TTA variant; a trainer's VALIDATION adds its best epoch and loss, an ensemble's
 * the members' accuracies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"split", "model", "images", "accuracy", "accuracy_tta", "accuracy_tta_shifts", "tta", "tta_shifts", "loss", "epoch",
        "per_class", "confusion", "with_tta", "with_tta_shifts", "members"})
public record SplitMetrics(String split, String model, Integer images, Double accuracy,
        @JsonProperty("accuracy_tta") Double accuracyTta, @JsonProperty("accuracy_tta_shifts") Double accuracyTtaShifts,
        String tta, @JsonProperty("tta_shifts") String ttaShifts, Double loss, Integer epoch,
        @JsonProperty("per_class") List<ClassMetrics> perClass, int[][] confusion,
        @JsonProperty("with_tta") Variant withTta, @JsonProperty("with_tta_shifts") Variant withTtaShifts,
        List<MemberAccuracy> members) {

    /** SPLIT names as cards write them. */
    public static final String VALIDATION = "PublicTest";
    public static final String TEST = "PrivateTest";

    /** Precision, recall, F1 and support of one class. */
    @JsonPropertyOrder({"class", "precision", "recall", "f1", "support"})
    public record ClassMetrics(@JsonProperty("class") String name, double precision, double recall, double f1, int support) {
    }

    /** Per-class figures and confusion matrix of one TTA variant. */
    @JsonPropertyOrder({"per_class", "confusion"})
    public record Variant(@JsonProperty("per_class") List<ClassMetrics> perClass, int[][] confusion) {
    }

    /** One ensemble member's accuracy on the split. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"folder", "accuracy", "accuracy_tta", "accuracy_tta_shifts"})
    public record MemberAccuracy(String folder, Double accuracy, @JsonProperty("accuracy_tta") Double accuracyTta,
            @JsonProperty("accuracy_tta_shifts") Double accuracyTtaShifts) {
    }

    /** The trainer's selection figures: the best epoch's VALIDATION accuracy and loss. */
    public static SplitMetrics selection(int images, double accuracy, double loss, int epoch) {
        return new SplitMetrics(VALIDATION, null, images, accuracy, null, null, null, null, loss, epoch, null, null, null, null, null);
    }

    public SplitMetrics withSplit(String name) {
        return new SplitMetrics(name, model, images, accuracy, accuracyTta, accuracyTtaShifts, tta, ttaShifts, loss, epoch, perClass,
                confusion, withTta, withTtaShifts, members);
    }

    public SplitMetrics withModel(String file) {
        return new SplitMetrics(split, file, images, accuracy, accuracyTta, accuracyTtaShifts, tta, ttaShifts, loss, epoch, perClass,
                confusion, withTta, withTtaShifts, members);
    }

    public SplitMetrics withMembers(List<MemberAccuracy> list) {
        return new SplitMetrics(split, model, images, accuracy, accuracyTta, accuracyTtaShifts, tta, ttaShifts, loss, epoch, perClass,
                confusion, withTta, withTtaShifts, list);
    }
}
