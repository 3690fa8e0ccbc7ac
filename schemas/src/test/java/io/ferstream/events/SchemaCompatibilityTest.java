package io.ferstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of every event schema (snapshots under {@code released/vN/}) must stay
 * readable by the current generated classes: the BACKWARD rule the registry enforces. A schema
 * change that breaks this fails here before it can fail in the registry at deploy time.
 * When releasing a schema change, add a new {@code released/vN+1/} snapshot.
 */
class SchemaCompatibilityTest {

    private static final List<Class<?>> EVENTS = List.of(FaceImage.class, RunManifest.class, ClassStats.class,
            ModelRelease.class, Frame.class, Prediction.class, DeadLetter.class, LabelVerdict.class);

    static Stream<Object[]> releasedSchemas() throws IOException, URISyntaxException {
        URL root = SchemaCompatibilityTest.class.getResource("/released");
        Path releasedDir = Path.of(root.toURI());
        try (Stream<Path> versions = Files.list(releasedDir)) {
            return versions.sorted().toList().stream().flatMap(version -> EVENTS.stream()
                    .map(type -> new Object[] {version.getFileName().toString(), type}));
        }
    }

    @ParameterizedTest(name = "{1} reads {0}")
    @MethodSource("releasedSchemas")
    void currentSchemaReadsEveryReleasedVersion(String version, Class<?> type) throws IOException {
        Schema released = parseReleased(version, type.getSimpleName());
        Schema current = SpecificData.get().getSchema(type);
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        assertThat(result.getType())
                .as("%s must read data written with released %s: %s", type.getSimpleName(), version,
                        result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /** Parses a released event schema together with the shared enums it refers to by name. */
    private static Schema parseReleased(String version, String name) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        for (String shared : List.of("Emotion", "Split", "ImageEncoding")) {
            try (InputStream in = resource(version, shared)) {
                parser.parse(in);
            }
        }
        try (InputStream in = resource(version, name)) {
            return parser.parse(in);
        }
    }

    private static InputStream resource(String version, String name) {
        InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/released/" + version + "/" + name + ".avsc");
        assertThat(in).as("released/%s/%s.avsc", version, name).isNotNull();
        return in;
    }
}
