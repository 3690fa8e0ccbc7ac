package io.ferstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.trainer.data.Synthetic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.platform.files.Sha256;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code fer train} end to end on a tiny CSV, then {@code fer evaluate} on what it wrote. */
class TrainAndEvaluateCommandTest {

    @ParameterizedTest
    @CsvSource({"seed, 1277191", "resnet, 2829479"})
    void trainRunWritesModelAndCardAndEvaluateAgrees(String architecture, long parameters, @TempDir Path dir) throws Exception {
        Path csv = Synthetic.csv(dir.resolve("tiny.csv.gz"), 64, 14, 21, true);
        Path out = dir.resolve("out");
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--data", csv.toString(), "--epochs", "1", "--out", out.toString(),
                "--architecture", architecture);
        assertThat(train.releases()).as("a file alone is not released unless asked").isFalse();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingRun.Outcome outcome = train.run(new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("epoch   1/1", "val_acc", "TEST (PrivateTest, 21 images", "CLAHE on 78 images")
                .doesNotContain("released");
        assertThat(outcome.model()).exists();

        JsonNode card = new ObjectMapper().readTree(out.resolve("card.json").toFile());
        assertThat(card.path("name").asText()).isEqualTo(architecture);
        assertThat(card.path("architecture").path("name").asText()).isEqualTo(architecture);
        assertThat(card.path("architecture").path("parameters").asLong()).isEqualTo(parameters);
        assertThat(card.path("preprocessing").path("layout").asText()).isEqualTo("NCHW");
        assertThat(card.path("preprocessing").path("clahe").path("clip_limit").asDouble()).isEqualTo(2.0);
        assertThat(card.path("classes")).hasSize(7);
        assertThat(card.path("validation").path("accuracy").isNumber()).isTrue();
        assertThat(card.path("test").path("images").asInt()).isEqualTo(21);
        assertThat(card.path("test").path("confusion")).hasSize(7);
        assertThat(card.path("training").path("seconds_per_epoch").asDouble()).isPositive();
        assertThat(card.path("training").path("data").path("run_id").isNull()).isTrue();
        assertThat(card.path("training").path("data").path("pixels").asText()).startsWith("raw");
        assertThat(card.path("onnx_sha256").asText()).isEqualTo(Sha256.of(out.resolve("model.onnx")));

        EvaluateCommand evaluate = new EvaluateCommand();
        evaluate.model = out.resolve("model.onnx");
        evaluate.card = out.resolve("card.json");
        evaluate.data = csv;
        evaluate.json = true;
        JsonNode result = evaluate.evaluate();
        assertThat(result.path("accuracy").asDouble()).isEqualTo(card.path("test").path("accuracy").asDouble());
        assertThat(result.path("accuracy_tta").asDouble()).isEqualTo(card.path("test").path("accuracy_tta").asDouble());
        assertThat(result.path("accuracy_tta_shifts").asDouble()).isEqualTo(card.path("test").path("accuracy_tta_shifts").asDouble());
        int counted = 0;
        for (JsonNode row : result.path("with_tta_shifts").path("confusion")) {
            for (JsonNode v : row) {
                counted += v.asInt();
            }
        }
        assertThat(counted).isEqualTo(21);
        assertThat(result.path("per_class")).hasSize(7);
        assertThat(Files.size(out.resolve("model.onnx"))).isGreaterThan(parameters * 4 - 100_000);
    }
}
