package io.ferstream.embedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.LabelVerdict;
import io.ferstream.events.StageVerdict;

/**
 * The label check's verdict on an image, from {@code fer label-issues}' verdict for it: the
 * {@code labels} {@code StageVerdict} (failed with reason {@code label_issue} when the label is likely
 * wrong; enforced when the rule removes it) and the scores {@code labels.self_confidence},
 * {@code labels.margin}, {@code labels.rank} and {@code labels.suggested} (the FER index). An image
 * without a verdict (the job has not run on its dataset, or ran on data where the image had another
 * label) passes with {@code labels.skipped = 1}, so the
 * report says the check was skipped rather than passing it silently. No Kafka: the decide step calls it.
 */
final class LabelVerdicts {

    static final String STAGE = EmbedderTopology.LABELS_STAGE;
    static final String LABEL_ISSUE = "label_issue";

    private final EmbedderTopology.Settings settings;
    private final EmbedderMetrics metrics;

    LabelVerdicts(EmbedderTopology.Settings settings, EmbedderMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Whether the rule removes an image with this verdict (only enforced splits; only the top-ranked issues). */
    boolean removes(LabelVerdict verdict, io.ferstream.events.Split split, Emotion label) {
        return applies(verdict, label) && verdict.getIssue() && verdict.getRank() != null
                && verdict.getRank() <= settings.labels().removeTop() && settings.policy().removes(split);
    }

    /** A verdict about another label than the image has (made on another version of the data) says nothing about it. */
    private static boolean applies(LabelVerdict verdict, Emotion label) {
        return verdict != null && verdict.getGiven() == label;
    }

    JudgedImage judge(FaceImage image, LabelVerdict found) {
        LabelVerdict verdict = applies(found, image.getLabel()) ? found : null;
        Map<String, Double> scores = new HashMap<>(image.getScores());
        boolean failed = verdict != null && verdict.getIssue();
        boolean removed = removes(verdict, image.getSplit(), image.getLabel());
        if (verdict == null) {
            scores.put(STAGE + ".skipped", 1.0);
            metrics.labelCheckSkipped();
        } else {
            scores.put(STAGE + ".self_confidence", verdict.getSelfConfidence());
            scores.put(STAGE + ".margin", verdict.getNormalizedMargin());
            if (verdict.getRank() != null) {
                scores.put(STAGE + ".rank", (double) verdict.getRank());
            }
            if (verdict.getSuggested() != null) {
                scores.put(STAGE + ".suggested", (double) verdict.getSuggested().ordinal());
            }
            if (removed) {
                metrics.rejected(LABEL_ISSUE);
            } else if (failed) {
                metrics.flagged(LABEL_ISSUE);
            }
        }
        List<StageVerdict> verdicts = new ArrayList<>(image.getVerdicts());
        verdicts.add(StageVerdict.newBuilder().setStage(STAGE).setPassed(!failed).setEnforced(!failed || removed)
                .setReason(failed ? LABEL_ISSUE : null)
                .setThresholds(Map.of("rank.remove_max", (double) settings.labels().removeTop())).build());
        return new JudgedImage(FaceImage.newBuilder(image).setScores(scores).setVerdicts(verdicts).build(), removed);
    }
}
