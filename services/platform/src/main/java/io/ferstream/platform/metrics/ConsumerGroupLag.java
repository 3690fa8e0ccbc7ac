package io.ferstream.platform.metrics;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag per topic: for each partition, its end offset minus the group's committed
 * offset (or minus the partition's first offset where the group has committed nothing yet, since
 * every stage starts from the earliest record), summed over the topic's partitions. Never negative.
 */
public final class ConsumerGroupLag {

    private ConsumerGroupLag() {
    }

    /**
     * @param committed the group's committed offsets (partitions it has not committed are absent)
     * @param end each partition's end offset (for read_committed groups: the last stable offset)
     * @param start each partition's first offset, used where nothing is committed
     * @return the lag of every topic with an end offset, by topic name
     */
    public static Map<String, Long> perTopic(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end,
                                             Map<TopicPartition, Long> start) {
        Map<String, Long> lag = new TreeMap<>();
        end.forEach((partition, endOffset) -> {
            Long position = committed.get(partition);
            if (position == null) {
                position = start.getOrDefault(partition, 0L);
            }
            lag.merge(partition.topic(), Math.max(0L, endOffset - position), Long::sum);
        });
        return lag;
    }
}
