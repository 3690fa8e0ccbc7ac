package io.ferstream.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerGroupLagTest {

    private static final TopicPartition RAW_0 = new TopicPartition("fer.images.raw", 0);
    private static final TopicPartition RAW_1 = new TopicPartition("fer.images.raw", 1);
    private static final TopicPartition REJECTED_0 = new TopicPartition("fer.images.rejected", 0);

    @Test
    void lagIsEndMinusCommittedSummedOverATopicsPartitions() {
        Map<String, Long> lag = ConsumerGroupLag.perTopic(Map.of(RAW_0, 40L, RAW_1, 100L, REJECTED_0, 7L),
                Map.of(RAW_0, 100L, RAW_1, 130L, REJECTED_0, 7L), Map.of());

        assertThat(lag).containsExactlyInAnyOrderEntriesOf(Map.of("fer.images.raw", 90L, "fer.images.rejected", 0L));
    }

    @Test
    void aPartitionWithoutACommitCountsFromItsFirstOffset() {
        Map<String, Long> lag = ConsumerGroupLag.perTopic(Map.of(RAW_0, 10L), Map.of(RAW_0, 20L, RAW_1, 50L),
                Map.of(RAW_1, 30L));

        assertThat(lag).containsExactly(Map.entry("fer.images.raw", 10L + 20L));
    }

    @Test
    void aCommitPastTheEndNeverGivesNegativeLag() {
        // committed and end offsets are read one after the other, so they may disagree for a moment
        Map<String, Long> lag = ConsumerGroupLag.perTopic(Map.of(RAW_0, 101L), Map.of(RAW_0, 100L), Map.of());

        assertThat(lag).containsExactly(Map.entry("fer.images.raw", 0L));
    }

    @Test
    void aCommittedTopicWithoutAnEndOffsetIsLeftOut() {
        assertThat(ConsumerGroupLag.perTopic(Map.of(RAW_0, 5L), Map.of(), Map.of())).isEmpty();
    }
}
