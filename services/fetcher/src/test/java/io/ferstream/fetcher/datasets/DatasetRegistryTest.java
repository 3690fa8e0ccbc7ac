package io.ferstream.fetcher.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.ferstream.fetcher.DatasetsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetRegistryTest {

    @TempDir
    Path dir;

    @Test
    void listsTheProductsDatasetsWithTheirKaggleIds() {
        DatasetRegistry registry = DatasetRegistry.standard();
        assertThat(registry.all()).extracting(DatasetSpec::key)
                .containsExactly("fer2013", "fer2013_plus", "ck_plus", "raf_db", "affectnet", "jaffe", "expw", "kdef");
        assertThat(registry.find("fer2013").orElseThrow().kaggleId()).isEqualTo("msambare/fer2013");
        assertThat(registry.find("fer2013_plus").orElseThrow().kaggleId())
                .isEqualTo("ashishpatel26/facial-expression-recognitionferchallenge");
        assertThat(registry.find("ck_plus").orElseThrow().kaggleId()).isEqualTo("shawon10/ckplus");
        assertThat(registry.find("ck_plus").orElseThrow().skippedLabels()).containsEntry(7, "contempt");
        assertThat(registry.find("raf_db").orElseThrow().kaggleId()).isEqualTo("shuvoalok/raf-db-dataset");
        assertThat(registry.find("affectnet").orElseThrow().kaggleId())
                .isEqualTo("tom99763/affectnet-for-facial-expression-recognition");
        assertThat(registry.find("jaffe").orElseThrow().kaggleId()).isEqualTo("sujaykapadnis/jaffe");
        assertThat(registry.find("expw").orElseThrow().kaggleId()).isEqualTo("shuvoalok/expw");
        assertThat(registry.find("kdef").orElseThrow().kaggleId()).isNull();
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void statusFollowsTheMarkerThePartFileAndHandCopies() throws Exception {
        Path data = dir.resolve("data");
        assertThat(DatasetStatus.of(data, "fer2013")).isEqualTo(DatasetStatus.ABSENT);
        Files.createDirectories(data.resolve("fer2013"));
        assertThat(DatasetStatus.of(data, "fer2013")).isEqualTo(DatasetStatus.ABSENT);   // empty folder
        Files.writeString(data.resolve("jaffe.zip.part"), "half");
        assertThat(DatasetStatus.of(data, "jaffe")).isEqualTo(DatasetStatus.PARTIAL);
        Files.createDirectories(data.resolve("kdef/happy"));
        assertThat(DatasetStatus.of(data, "kdef")).isEqualTo(DatasetStatus.MANUAL);
        new CompletionMarker("msambare/fer2013", 10, "ab", 2, Instant.EPOCH).writeTo(data.resolve("fer2013"));
        assertThat(DatasetStatus.of(data, "fer2013")).isEqualTo(DatasetStatus.COMPLETE);
        assertThat(CompletionMarker.readFrom(data.resolve("fer2013")).orElseThrow())
                .isEqualTo(new CompletionMarker("msambare/fer2013", 10, "ab", 2, Instant.EPOCH));

        String table = DatasetsCommand.table(DatasetRegistry.standard(), data);
        assertThat(table.lines().filter(l -> l.startsWith("fer2013 "))).singleElement().asString()
                .contains("msambare/fer2013", "train|test/<class>/*.jpg", "present");
        assertThat(table.lines().filter(l -> l.startsWith("jaffe "))).singleElement().asString().contains("partial");
        assertThat(table.lines().filter(l -> l.startsWith("kdef "))).singleElement().asString()
                .contains("(not on Kaggle)", "copied by hand");
        assertThat(table.lines().filter(l -> l.startsWith("ck_plus "))).singleElement().asString()
                .contains("7=contempt skipped", "absent");
        assertThat(table.lines().filter(l -> l.startsWith("raf_db "))).singleElement().asString().contains("RAF codes");

        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine command = new CommandLine(new DatasetsCommand());
        command.setOut(new java.io.PrintWriter(out));
        assertThat(command.execute("--list", "--data-dir", data.toString())).isZero();
        assertThat(out.toString()).contains("KAGGLE ID", "shawon10/ckplus", "Data dir: ");
    }
}
