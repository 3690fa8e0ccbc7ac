package io.ferstream.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.platform.testkit.EmbeddedPlatform;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serde against the real registry server over HTTP (no broker traffic needed beyond the registry's). */
class AvroSerdeIT {

    private static EmbeddedPlatform platform;

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private Map<String, Object> configs(Object... extra) {
        Map<String, Object> configs = new java.util.HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()));
        for (int i = 0; i < extra.length; i += 2) {
            configs.put((String) extra[i], extra[i + 1]);
        }
        return configs;
    }

    @Test
    void roundTripsUnderTheTopicNameStrategySubject() throws Exception {
        AvroSerializer<FaceImage> serializer = new AvroSerializer<>();
        serializer.configure(configs(), false);
        AvroDeserializer<FaceImage> deserializer = new AvroDeserializer<>(FaceImage.class);
        deserializer.configure(configs(), false);

        FaceImage image = EmbeddedPlatform.faceImage("run-serde", 7);
        byte[] bytes = serializer.serialize("it.serde.images", image);

        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        String byId = httpGet("/schemas/ids/" + id);
        assertThat(byId).contains("FaceImage");
        assertThat(httpGet("/subjects")).contains("it.serde.images-value");
        assertThat(deserializer.deserialize("it.serde.images", bytes)).isEqualTo(image);
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsAClearError() {
        AvroSerializer<FaceImage> serializer = new AvroSerializer<>();
        serializer.configure(configs(SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        assertThatThrownBy(() -> serializer.serialize("it.serde.unregistered", EmbeddedPlatform.faceImage("r", 1)))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
    }

    @Test
    void unknownSchemaIdAndGarbageAreSerializationErrors() {
        AvroDeserializer<FaceImage> deserializer = new AvroDeserializer<>(FaceImage.class);
        deserializer.configure(configs(), false);
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0x7f, 0, 0, 1, 2, 3}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown schema id 2130706433");
        assertThatThrownBy(() -> deserializer.deserialize("t", "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");

        AvroSerializer<FaceImage> serializer = new AvroSerializer<>();
        serializer.configure(configs(), false);
        byte[] good = serializer.serialize("it.serde.corrupt", EmbeddedPlatform.faceImage("r", 2));
        byte[] truncated = java.util.Arrays.copyOf(good, 40);
        assertThatThrownBy(() -> deserializer.deserialize("it.serde.corrupt", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Corrupt Avro body");
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchemaFillingDefaults() throws Exception {
        // A producer on an earlier contract: no label, scores or verdicts.
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"FaceImage","namespace":"io.ferstream.events","fields":[
                 {"name":"id","type":"string"},{"name":"runId","type":"string"},{"name":"dataset","type":"string"},
                 {"name":"split","type":{"type":"enum","name":"Split","symbols":["TRAIN","VALIDATION","TEST","LIVE"]}},
                 {"name":"width","type":"int"},{"name":"height","type":"int"},
                 {"name":"encoding","type":{"type":"enum","name":"ImageEncoding","symbols":["GRAY8","JPEG","PNG"]}},
                 {"name":"pixels","type":"bytes"},{"name":"source","type":"string"},
                 {"name":"ingestTime","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
        SchemaRegistryClient client = new SchemaRegistryClient(platform.registryUrl(), Duration.ofSeconds(10));
        int oldId = client.register("it.serde.evolution-value", old);

        GenericRecord record = new GenericData.Record(old);
        record.put("id", "old:1");
        record.put("runId", "r");
        record.put("dataset", "d");
        record.put("split", new GenericData.EnumSymbol(old.getField("split").schema(), "VALIDATION"));
        record.put("width", 1);
        record.put("height", 1);
        record.put("encoding", new GenericData.EnumSymbol(old.getField("encoding").schema(), "GRAY8"));
        record.put("pixels", ByteBuffer.wrap(new byte[] {9}));
        record.put("source", "s");
        record.put("ingestTime", 5L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(oldId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
        encoder.flush();

        AvroDeserializer<FaceImage> deserializer = new AvroDeserializer<>(FaceImage.class, client);
        FaceImage image = deserializer.deserialize("it.serde.evolution", out.toByteArray());
        assertThat(image.getId()).isEqualTo("old:1");
        assertThat(image.getSplit()).isEqualTo(Split.VALIDATION);
        assertThat(image.getEncoding()).isEqualTo(ImageEncoding.GRAY8);
        assertThat(image.getLabel()).isNull();
        assertThat(image.getScores()).isEmpty();
        assertThat(image.getVerdicts()).isEmpty();

        // Registering the current FaceImage after the old one passes the registry's BACKWARD check.
        assertThat(client.register("it.serde.evolution-value", FaceImage.getClassSchema())).isNotEqualTo(oldId);
    }

    private static String httpGet(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(platform.registryUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }
}
