package io.ferstream.classifier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import io.ferstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits until a classifier group holds every partition of {@code fer.frames}. Before that a frame waits
 * for the group to form, is older than the classifier's age limit when it is polled, and is dropped: a
 * stack started in one process (fer serve, tests) serves only once this returns.
 */
public final class FramePartitions {

    private FramePartitions() {
    }

    /** @throws IllegalStateException when the group does not hold them all within {@code limit} */
    public static void awaitAssigned(Admin admin, String groupId, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int assigned = 0;
        while (System.nanoTime() < deadline) {
            try {
                assigned = admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get().members().stream()
                        .mapToInt(m -> (int) m.assignment().topicPartitions().stream()
                                .filter(p -> p.topic().equals(Topics.FRAMES.name())).count())
                        .sum();
                if (assigned == Topics.FRAMES.partitions()) {
                    return;
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the classifier was starting", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot see the classifier's consumer group: " + e.getCause(), e);
            }
        }
        throw new IllegalStateException("the classifier holds " + assigned + " of the " + Topics.FRAMES.partitions()
                + " partitions of " + Topics.FRAMES.name() + " after " + limit.toSeconds() + " s");
    }
}
