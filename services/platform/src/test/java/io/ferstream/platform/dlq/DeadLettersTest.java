package io.ferstream.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import io.ferstream.events.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void keepsTheOriginalBytesAndWhereTheyCameFrom() {
        byte[] value = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("fer.images.raw", 4, 99L, "k".getBytes(), value);
        DeadLetter letter = DeadLetters.ofRecord("quality", record,
                new SerializationException("Unknown magic byte 0x01", new IllegalStateException("inner detail")));

        assertThat(letter.getStage()).isEqualTo("quality");
        assertThat(letter.getTopic()).isEqualTo("fer.images.raw");
        assertThat(letter.getPartition()).isEqualTo(4);
        assertThat(letter.getOffset()).isEqualTo(99L);
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(letter.getKey()).isEqualTo(ByteBuffer.wrap("k".getBytes()));
        assertThat(letter.getError()).isEqualTo("Unknown magic byte 0x01 (caused by inner detail)");
        assertThat(letter.getErrorClass()).isEqualTo(SerializationException.class.getName());
    }

    @Test
    void sourceEntriesHaveNoTopicButALocation() {
        DeadLetter letter = DeadLetters.ofSource("fetcher", "fer2013.csv.gz#row=12", "7,1 2".getBytes(),
                "label 7 outside 0..6", "InvalidRow");
        assertThat(letter.getTopic()).isNull();
        assertThat(letter.getOffset()).isNull();
        assertThat(letter.getSource()).isEqualTo("fer2013.csv.gz#row=12");
        assertThat(letter.getError()).isEqualTo("label 7 outside 0..6");
    }
}
