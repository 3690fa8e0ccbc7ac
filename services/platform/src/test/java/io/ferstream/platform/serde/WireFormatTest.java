package io.ferstream.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void readsTheBigEndianSchemaIdAfterTheMagicByte() {
        byte[] framed = {0, 0x00, 0x01, 0x02, 0x03, 42};
        assertThat(WireFormat.schemaId("t", framed)).isEqualTo(0x00010203);
    }

    @Test
    void rejectsAWrongMagicByteNamingTheTopic() {
        assertThatThrownBy(() -> WireFormat.schemaId("fer.images.raw", new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0x01")
                .hasMessageContaining("fer.images.raw");
    }

    @Test
    void rejectsRecordsShorterThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.schemaId("t", new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes");
    }
}
