package io.ferstream.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void publicTopicNamesAreExactlyTheDocumentedOnes() {
        assertThat(Topics.ALL.stream().map(FerTopic::name)).containsExactly(
                "fer.images.raw", "fer.images.checked", "fer.images.faces", "fer.images.typical",
                "fer.images.cleaned", "fer.images.rejected", "fer.frames", "fer.predictions",
                "fer.models", "fer.runs", "fer.class-stats", "fer.label-verdicts", "fer.dlq");
    }

    @Test
    void stateTopicsAreCompactedAndStreamsAreNot() {
        assertThat(Topics.ALL.stream().filter(FerTopic::compacted).map(FerTopic::name))
                .containsExactlyInAnyOrder("fer.models", "fer.runs", "fer.class-stats", "fer.label-verdicts");
        assertThat(Topics.IMAGES_RAW.partitions()).isEqualTo(6);
    }

    @Test
    void prefixIsPrependedAndValidated() {
        assertThat(new TopicNames("staging.").of(Topics.IMAGES_RAW)).isEqualTo("staging.fer.images.raw");
        assertThat(TopicNames.unprefixed().of(Topics.DLQ)).isEqualTo("fer.dlq");
        assertThatThrownBy(() -> new TopicNames("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
