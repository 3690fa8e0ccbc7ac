package io.ferstream.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferstream.registry.StoreRecord.ConfigRecord;
import io.ferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.ferstream.registry.StoreRecord.SchemaRecord;
import io.ferstream.registry.StoreRecord.SchemaValue;
import org.junit.jupiter.api.Test;

class StoreRecordCodecTest {

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(UTF_8);
    }

    @Test
    void schemaRecordsUseConfluentsLayout() {
        SchemaRecord record = new SchemaRecord("users-value", 3, new SchemaValue(7, "\"string\"", false));
        assertThat(text(StoreRecordCodec.encodeKey(record)))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"users-value\",\"version\":3,\"magic\":1}");
        assertThat(text(StoreRecordCodec.encodeValue(record)))
                .isEqualTo("{\"subject\":\"users-value\",\"version\":3,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
    }

    @Test
    void configRecordsUseConfluentsLayout() {
        assertThat(text(StoreRecordCodec.encodeKey(new ConfigRecord(null, CompatibilityLevel.FULL))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(StoreRecordCodec.encodeKey(new ConfigRecord("s", CompatibilityLevel.FULL))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreRecordCodec.encodeValue(new ConfigRecord("s", CompatibilityLevel.FULL_TRANSITIVE))))
                .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
    }

    @Test
    void tombstonesHaveNullValues() {
        assertThat(StoreRecordCodec.encodeValue(new SchemaRecord("s", 1, null))).isNull();
        assertThat(StoreRecordCodec.encodeValue(new ConfigRecord("s", null))).isNull();
    }

    @Test
    void decodesWhatItEncodes() {
        StoreRecord[] records = {
            new SchemaRecord("s", 2, new SchemaValue(5, "\"int\"", true)),
            new SchemaRecord("s", 2, null),
            new ConfigRecord(null, CompatibilityLevel.NONE),
            new ConfigRecord("s", CompatibilityLevel.BACKWARD_TRANSITIVE),
            new ConfigRecord("s", null),
            new DeleteSubjectRecord("s", 4),
        };
        for (StoreRecord record : records) {
            assertThat(StoreRecordCodec.decode(StoreRecordCodec.encodeKey(record), StoreRecordCodec.encodeValue(record)))
                    .contains(record);
        }
    }

    @Test
    void decodesRecordsWrittenByConfluent() {
        // Field order and extra fields differ from ours; schemaType is present for non-default types only.
        assertThat(StoreRecordCodec.decode(
                bytes("{\"magic\":1,\"keytype\":\"SCHEMA\",\"subject\":\"x\",\"version\":1}"),
                bytes("{\"subject\":\"x\",\"version\":1,\"id\":11,\"schema\":\"\\\"long\\\"\",\"deleted\":false,"
                        + "\"references\":[]}")))
                .contains(new SchemaRecord("x", 1, new SchemaValue(11, "\"long\"", false)));
        assertThat(StoreRecordCodec.decode(
                bytes("{\"keytype\":\"CONFIG\",\"magic\":0}"), bytes("{\"compatibilityLevel\":\"forward\"}")))
                .contains(new ConfigRecord(null, CompatibilityLevel.FORWARD));
        assertThat(StoreRecordCodec.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null)).isEmpty();
        assertThat(StoreRecordCodec.decode(bytes("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}"),
                bytes("{\"mode\":\"READWRITE\"}"))).isEmpty();
    }

    @Test
    void malformedRecordsAreReported() {
        assertThatThrownBy(() -> StoreRecordCodec.decode(bytes("nope"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreRecordCodec.decode(bytes("{\"keytype\":\"SCHEMA\",\"version\":1}"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> StoreRecordCodec.decode(bytes("{\"keytype\":\"CONFIG\",\"subject\":null}"),
                bytes("{\"compatibilityLevel\":\"SIDEWAYS\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIDEWAYS");
        assertThatThrownBy(() -> StoreRecordCodec.decode(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
