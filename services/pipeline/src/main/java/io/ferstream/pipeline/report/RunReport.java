package io.ferstream.pipeline.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.platform.ids.ImageIds;
import io.ferstream.events.StageVerdict;

/**
 * Everything the cleaning report says about one run, accumulated from each image's final record
 * (from the cleaned topic when kept, from the rejected topic when removed) and the dead-letter count.
 * Pure: no Kafka; the run collector feeds it.
 */
public final class RunReport {

    /** The scores drawn as histograms, in flow order, with the thresholds that apply to them. */
    public static final List<ScoreSpec> SCORES = List.of(
            new ScoreSpec("quality.blur", "Blur (Laplacian variance)", "quality", List.of("blur.min")),
            new ScoreSpec("quality.brightness", "Brightness (mean)", "quality", List.of("brightness.min", "brightness.max")),
            new ScoreSpec("quality.contrast", "Contrast (std)", "quality", List.of("contrast.min")),
            new ScoreSpec("quality.edge_density", "Edge density (Canny 50/150)", "quality",
                    List.of("edge_density.min", "edge_density.max")),
            new ScoreSpec("faces.count", "Faces found", "faces", List.of("faces.max")),
            new ScoreSpec("faces.area_ratio", "Largest face area / image area", "faces", List.of("area_ratio.min")),
            new ScoreSpec("duplicates.distance", "Hamming distance to the nearest twin (images with one)", "duplicates",
                    List.of("distance.max")),
            new ScoreSpec("embedder.distance", "Cosine distance to class centroid", "embedder", List.of()));

    /** One histogram's score key, title, the stage whose verdict holds its thresholds, and their keys. */
    public record ScoreSpec(String key, String title, String stage, List<String> thresholdKeys) {
    }

    /** The final state of one image, as a row of verdicts.csv. */
    public record Row(String id, Split split, Emotion label, String finalStage, Outcome outcome, String reason,
                      Map<String, Double> scores) {
    }

    /** kept: passed every check; flagged: kept although a check failed (split not enforced); removed. */
    public enum Outcome { KEPT, FLAGGED, REMOVED }

    /** The duplicate check's verdict stage (the embedder's decide step). */
    static final String DUPLICATES_STAGE = "duplicates";

    private final String runId;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Map<String, Double>> thresholdsByStage = new TreeMap<>();
    /** Thresholds that differ per class (the embedder's), recorded per label. */
    private static final Set<String> PER_CLASS_THRESHOLDS = Set.of("distance.max");

    /** Pictures of the images the galleries show: removed, flagged, or in a duplicate group. */
    private final Map<String, byte[]> thumbnails = new HashMap<>();
    private final ThresholdNeighbours neighbours = new ThresholdNeighbours();

    private long published = -1;
    private long faceCheckSkipped;
    private long labelCheckSkipped;
    private long labelCheckRan;
    private long deadLetters;

    public RunReport(String runId) {
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    public void published(long count) {
        this.published = count;
    }

    /** Images the stages dead-lettered (they reach neither cleaned nor rejected). */
    public void deadLetters(long count) {
        this.deadLetters = count;
    }

    /** Adds an image's final record; {@code removed} when it came from the rejected topic. */
    public void add(FaceImage image, boolean removed) {
        List<StageVerdict> verdicts = image.getVerdicts();
        StageVerdict last = verdicts.isEmpty() ? null : verdicts.get(verdicts.size() - 1);
        String reason = null;
        String finalStage = last == null ? "fetcher" : last.getStage();
        Outcome outcome;
        if (removed) {
            outcome = Outcome.REMOVED;
            reason = last == null ? null : last.getReason();
        } else {
            StageVerdict failed = verdicts.stream().filter(v -> !v.getPassed()).findFirst().orElse(null);
            outcome = failed == null ? Outcome.KEPT : Outcome.FLAGGED;
            if (failed != null) {
                reason = failed.getStage() + ":" + failed.getReason();
            }
        }
        for (StageVerdict verdict : verdicts) {
            Map<String, Double> stageThresholds = thresholdsByStage.computeIfAbsent(verdict.getStage(),
                    s -> new TreeMap<>());
            verdict.getThresholds().forEach((key, value) -> stageThresholds.put(
                    PER_CLASS_THRESHOLDS.contains(key) && image.getLabel() != null ? key + "." + image.getLabel() : key,
                    value));
        }
        if (Double.valueOf(1.0).equals(image.getScores().get("faces.skipped"))) {
            faceCheckSkipped++;
        }
        if (Double.valueOf(1.0).equals(image.getScores().get("labels.skipped"))) {
            labelCheckSkipped++;
        } else if (verdicts.stream().anyMatch(v -> v.getStage().equals("labels"))) {
            labelCheckRan++;
        }
        rows.add(new Row(image.getId(), image.getSplit(), image.getLabel(), finalStage, outcome, reason,
                Map.copyOf(image.getScores())));
        if (outcome != Outcome.KEPT || image.getScores().containsKey(DUPLICATES_STAGE + ".group")) {
            thumbnails.put(image.getId(), Thumbnails.png(image));
        }
        neighbours.offer(image);
    }

    /** The image's picture as a PNG, when a gallery shows it (removed, flagged, or in a duplicate group); else null. */
    public byte[] thumbnail(String id) {
        return thumbnails.get(id);
    }

    /** The images nearest each threshold, both sides. */
    List<ThresholdNeighbours.Side> thresholdNeighbours() {
        return neighbours.sides();
    }

    public List<Row> rows() {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::id, ImageIds::compare));
        return sorted;
    }

    public long published() {
        return published;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Images that passed the face stage only because it had no detector. */
    public long faceCheckSkipped() {
        return faceCheckSkipped;
    }

    /** Images the label check judged by a verdict of fer label-issues, and those it had no verdict for. */
    public long[] labelCheck() {
        return new long[] {labelCheckRan, labelCheckSkipped};
    }

    public long total() {
        return rows.size();
    }

    public long count(Outcome outcome) {
        return rows.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Thresholds each stage applied (from its verdicts), e.g. quality → blur.min = 80. */
    public Map<String, Map<String, Double>> thresholdsByStage() {
        return thresholdsByStage;
    }

    /** Images removed by each stage, by reason: stage → reason → count. */
    public Map<String, Map<String, Long>> removedByStageAndReason() {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.outcome() == Outcome.REMOVED) {
                result.computeIfAbsent(row.finalStage(), s -> new TreeMap<>())
                        .merge(row.reason() == null ? "unknown" : row.reason(), 1L, Long::sum);
            }
        }
        return result;
    }

    /** Images kept although a check failed (a split the policy does not clean), by the first such check's stage and reason. */
    public Map<String, Map<String, Long>> flaggedByStageAndReason() {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.outcome() == Outcome.FLAGGED) {
                int colon = row.reason().indexOf(':');
                result.computeIfAbsent(row.reason().substring(0, colon), s -> new TreeMap<>())
                        .merge(row.reason().substring(colon + 1), 1L, Long::sum);
            }
        }
        return result;
    }

    /**
     * What the duplicate check found among the images that reached it, from their
     * {@code duplicates.*} scores: groups, images in groups, images with an exact twin, groups that
     * span TRAIN and a held-out split, groups whose labels disagree. Null when the check did not run.
     */
    public Map<String, Long> duplicates() {
        if (!thresholdsByStage.containsKey(DUPLICATES_STAGE)) {
            return null;
        }
        Map<Long, Set<Split>> splits = new TreeMap<>();
        Map<Long, Set<Emotion>> labels = new TreeMap<>();
        long exact = 0;
        long members = 0;
        for (Row row : rows) {
            Double group = row.scores().get(DUPLICATES_STAGE + ".group");
            if (group == null) {
                continue;
            }
            members++;
            splits.computeIfAbsent(group.longValue(), g -> EnumSet.noneOf(Split.class)).add(row.split());
            labels.computeIfAbsent(group.longValue(), g -> new HashSet<>()).add(row.label());
            if (Double.valueOf(1.0).equals(row.scores().get(DUPLICATES_STAGE + ".exact"))) {
                exact++;
            }
        }
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("groups", (long) splits.size());
        result.put("images_in_groups", members);
        result.put("images_with_an_exact_twin", exact);
        result.put("groups_across_train_and_held_out", splits.values().stream().filter(set -> set.contains(Split.TRAIN)
                && (set.contains(Split.VALIDATION) || set.contains(Split.TEST))).count());
        result.put("groups_with_conflicting_labels", labels.values().stream().filter(set -> set.size() > 1).count());
        return result;
    }

    /** Per split: input, kept, flagged, removed. */
    public Map<Split, long[]> bySplit() {
        Map<Split, long[]> result = new TreeMap<>();
        for (Row row : rows) {
            long[] counts = result.computeIfAbsent(row.split(), s -> new long[4]);
            counts[0]++;
            counts[1 + row.outcome().ordinal()]++;
        }
        return result;
    }

    /** Per split and class: input, kept, flagged, removed. */
    public Map<String, long[]> bySplitAndClass() {
        Map<String, long[]> result = new TreeMap<>();
        for (Row row : rows) {
            String key = row.split() + "/" + (row.label() == null ? "UNLABELED" : row.label().name());
            long[] counts = result.computeIfAbsent(key, s -> new long[4]);
            counts[0]++;
            counts[1 + row.outcome().ordinal()]++;
        }
        return result;
    }

    /** Every value of a score, over all images that have it. */
    public double[] values(String scoreKey) {
        return rows.stream().map(r -> r.scores().get(scoreKey)).filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue).toArray();
    }
}
