package io.ferstream.pipeline.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;

/**
 * The images nearest each threshold of the report's scores, on both sides: what a person looks at
 * to judge whether a threshold sits in the right place. Bounded ({@value #PER_SIDE} a side), so a
 * run of any size keeps only a few dozen thumbnails here.
 */
final class ThresholdNeighbours {

    static final int PER_SIDE = 16;

    /** One image near a threshold: its score, the threshold it was judged against, its picture. */
    record Neighbour(String id, Split split, Emotion label, double score, double threshold, byte[] thumbnail) {
        double distance() {
            return Math.abs(score - threshold);
        }
    }

    /** The images just below and just above one threshold of one score, nearest first. */
    record Side(String score, String title, String thresholdKey, double threshold, List<Neighbour> below,
                List<Neighbour> above) {
    }

    private record Key(RunReport.ScoreSpec spec, String thresholdKey) {
    }

    private final Map<Key, List<PriorityQueue<Neighbour>>> queues = new LinkedHashMap<>();

    void offer(FaceImage image) {
        for (RunReport.ScoreSpec spec : RunReport.SCORES) {
            Double score = image.getScores().get(spec.key());
            StageVerdict verdict = verdictOf(image, spec.stage());
            if (score == null || score.isNaN() || verdict == null) {
                continue;
            }
            for (String thresholdKey : spec.thresholdKeys()) {
                Double threshold = verdict.getThresholds().get(thresholdKey);
                if (threshold == null) {
                    continue;
                }
                PriorityQueue<Neighbour> side = queues.computeIfAbsent(new Key(spec, thresholdKey), k -> List.of(
                        new PriorityQueue<>(Comparator.comparingDouble(Neighbour::distance).reversed()),
                        new PriorityQueue<>(Comparator.comparingDouble(Neighbour::distance).reversed())))
                        .get(score < threshold ? 0 : 1);
                double distance = Math.abs(score - threshold);
                if (side.size() < PER_SIDE || distance < side.peek().distance()) {
                    side.add(new Neighbour(image.getId(), image.getSplit(), image.getLabel(), score, threshold,
                            Thumbnails.png(image)));
                    if (side.size() > PER_SIDE) {
                        side.poll();
                    }
                }
            }
        }
    }

    List<Side> sides() {
        List<Side> result = new ArrayList<>();
        queues.forEach((key, sides) -> {
            List<Neighbour> below = nearestFirst(sides.get(0));
            List<Neighbour> above = nearestFirst(sides.get(1));
            double threshold = (below.isEmpty() ? above : below).get(0).threshold();
            result.add(new Side(key.spec().key(), key.spec().title(), key.thresholdKey(), threshold, below, above));
        });
        return result;
    }

    private static List<Neighbour> nearestFirst(PriorityQueue<Neighbour> queue) {
        List<Neighbour> list = new ArrayList<>(queue);
        list.sort(Comparator.comparingDouble(Neighbour::distance).thenComparing(Neighbour::id));
        return list;
    }

    private static StageVerdict verdictOf(FaceImage image, String stage) {
        for (StageVerdict verdict : image.getVerdicts()) {
            if (verdict.getStage().equals(stage)) {
                return verdict;
            }
        }
        return null;
    }
}
