package io.ferstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class EventContractTest {

    @Test
    void emotionSymbolsAreInFerLabelOrder() {
        // FER2013's label column: 0=Angry, 1=Disgust, 2=Fear, 3=Happy, 4=Sad, 5=Surprise, 6=Neutral.
        assertThat(Arrays.stream(Emotion.values()).map(Enum::name).toList())
                .containsExactly("ANGRY", "DISGUST", "FEAR", "HAPPY", "SAD", "SURPRISE", "NEUTRAL");
        assertThat(Emotion.HAPPY.ordinal()).isEqualTo(3);
    }

    @Test
    void faceImageRoundTripsThroughAvroBinary() throws IOException {
        byte[] pixels = new byte[48 * 48];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 251);
        }
        FaceImage image = FaceImage.newBuilder()
                .setId("fer2013:42").setRunId("run-1").setDataset("fer2013").setSplit(Split.TEST)
                .setLabel(Emotion.SURPRISE).setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8)
                .setPixels(ByteBuffer.wrap(pixels)).setSource("fer2013.csv.gz#row=42")
                .setIngestTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .setScores(Map.of("quality.blur", 123.5))
                .setVerdicts(List.of(StageVerdict.newBuilder().setStage("quality").setPassed(false)
                        .setEnforced(false).setReason("blur").setThresholds(Map.of("blur.min", 80.0)).build()))
                .build();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(FaceImage.class).write(image, encoder);
        encoder.flush();
        FaceImage decoded = new SpecificDatumReader<>(FaceImage.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(decoded).isEqualTo(image);
        assertThat(decoded.getVerdicts().get(0).getReason()).isEqualTo("blur");
        // 48x48 raw pixels plus a few dozen bytes of metadata.
        assertThat(out.size()).isBetween(2304, 2304 + 200);
    }

    @Test
    void optionalFieldsHaveDefaultsSoNewReadersAcceptOldWriters() {
        // A writer that predates scores/verdicts/label must still be readable.
        Schema minimal = new Schema.Parser().parse("""
                {"type":"record","name":"FaceImage","namespace":"io.ferstream.events","fields":[
                 {"name":"id","type":"string"},{"name":"runId","type":"string"},{"name":"dataset","type":"string"},
                 {"name":"split","type":{"type":"enum","name":"Split","symbols":["TRAIN","VALIDATION","TEST","LIVE"]}},
                 {"name":"width","type":"int"},{"name":"height","type":"int"},
                 {"name":"encoding","type":{"type":"enum","name":"ImageEncoding","symbols":["GRAY8","JPEG","PNG"]}},
                 {"name":"pixels","type":"bytes"},{"name":"source","type":"string"},
                 {"name":"ingestTime","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(FaceImage.getClassSchema(), minimal).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
