package io.ferstream.embedder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.embedder.duplicates.DuplicateGroups;
import io.ferstream.embedder.duplicates.DuplicateGroups.Membership;
import io.ferstream.events.FaceImage;
import io.ferstream.events.StageVerdict;

/**
 * What the duplicate check says about an image, given its place in its group: the {@code duplicates}
 * {@code StageVerdict} (failed with the reason when it is not the one kept; enforced when the split
 * policy removes its split) and, for members of a group, the scores {@code duplicates.distance}
 * (Hamming bits to the nearest member), {@code duplicates.group} (the group's number in the run, so
 * a report can put a group side by side), {@code duplicates.group_size} and {@code duplicates.exact}.
 * No Kafka: the decide step calls it. Also the state-store encoding of a membership.
 */
final class DuplicateVerdicts {

    private static final String STAGE = EmbedderTopology.DUPLICATES_STAGE;

    private final EmbedderTopology.Settings settings;
    private final EmbedderMetrics metrics;

    DuplicateVerdicts(EmbedderTopology.Settings settings, EmbedderMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Whether this membership removes an image of that split (the outlier statistics leave such images out). */
    boolean removes(Membership membership, io.ferstream.events.Split split) {
        return membership != null && membership.reason() != null && settings.policy().removes(split);
    }

    /** Judges a run's image; {@code membership} is null when the image has no twin. */
    JudgedImage judge(FaceImage image, Membership membership) {
        boolean failed = membership != null && membership.reason() != null;
        boolean removed = removes(membership, image.getSplit());
        if (failed) {
            if (removed) {
                metrics.rejected(membership.reason().tag());
            } else {
                metrics.flagged(membership.reason().tag());
            }
        }
        Map<String, Double> scores = image.getScores();
        if (membership != null) {
            scores = new HashMap<>(scores);
            scores.put(STAGE + ".distance", (double) membership.nearestDistance());
            scores.put(STAGE + ".group", (double) membership.group());
            scores.put(STAGE + ".group_size", (double) membership.groupSize());
            scores.put(STAGE + ".exact", membership.exact() ? 1.0 : 0.0);
        }
        List<StageVerdict> verdicts = new ArrayList<>(image.getVerdicts());
        verdicts.add(StageVerdict.newBuilder().setStage(STAGE).setPassed(!failed).setEnforced(!failed || removed)
                .setReason(failed ? membership.reason().tag() : null)
                .setThresholds(Map.of("distance.max", (double) settings.duplicates().maxDistance())).build());
        return new JudgedImage(FaceImage.newBuilder(image).setScores(scores).setVerdicts(verdicts).build(), removed);
    }

    static byte[] encode(Membership membership) {
        return ByteBuffer.allocate(14).putInt(membership.group()).putInt(membership.groupSize())
                .putInt(membership.nearestDistance()).put((byte) (membership.exact() ? 1 : 0))
                .put((byte) (membership.reason() == null ? -1 : membership.reason().ordinal())).array();
    }

    static Membership decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int group = buffer.getInt();
        int size = buffer.getInt();
        int nearest = buffer.getInt();
        boolean exact = buffer.get() == 1;
        int reason = buffer.get();
        return new Membership(group, size, nearest, exact, reason < 0 ? null : DuplicateGroups.Reason.values()[reason]);
    }
}
