package io.ferstream.trainer;

import io.ferstream.trainer.data.Synthetic;
import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.model.onnx.Classifier;
import io.ferstream.model.eval.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.files.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnsembleCommandTest {

    private static Path train(Path csv, Path out, String architecture) throws Exception {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--data", csv.toString(), "--epochs", "1", "--out", out.toString(),
                "--architecture", architecture);
        train.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return out;
    }

    private static EnsembleCommand ensemble(Path csv, Path out, Path... members) {
        EnsembleCommand command = new EnsembleCommand();
        String[] args = new String[members.length * 2 + 4];
        for (int i = 0; i < members.length; i++) {
            args[2 * i] = "--member";
            args[2 * i + 1] = members[i].toString();
        }
        args[args.length - 4] = "--data";
        args[args.length - 3] = csv.toString();
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void joinsTrainedModelsScoresThemOnValidationAndWritesAnEvaluableCard(@TempDir Path dir) throws Exception {
        Path csv = Synthetic.csv(dir.resolve("tiny.csv.gz"), 64, 14, 21, true);
        Path seed = train(csv, dir.resolve("seed"), "seed");
        Path resnet = train(csv, dir.resolve("resnet"), "resnet");
        Path out = dir.resolve("ensemble");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EnsembleCommand.Outcome outcome = ensemble(csv, out, seed, resnet).run(new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("VALIDATION (PublicTest, 14 images)", seed.toString(), resnet.toString(), "ensemble",
                "TEST (PrivateTest, 21 images, evaluated once)");
        assertThat(outcome.memberValidation()).hasSize(2);

        JsonNode card = new ObjectMapper().readTree(outcome.card().toFile());
        assertThat(card.path("name").asText()).isEqualTo("ensemble");
        assertThat(card.path("onnx_sha256").asText()).isEqualTo(Sha256.of(outcome.model()));
        assertThat(card.path("architecture").path("parameters").asLong()).isEqualTo(1_277_191L + 2_829_479L);
        assertThat(card.path("architecture").path("members")).hasSize(2);
        assertThat(card.path("outputs").path("embedding").asText()).startsWith("[N, 512]");
        assertThat(card.path("training").path("members")).hasSize(2);
        assertThat(card.path("validation").path("images").asInt()).isEqualTo(14);
        assertThat(card.path("validation").path("accuracy").asDouble()).isEqualTo(Evaluation.round(outcome.validation().accuracy()));
        assertThat(card.path("validation").path("members").get(1).path("accuracy").asDouble())
                .isEqualTo(Evaluation.round(outcome.memberValidation().get(1).accuracy()));
        assertThat(card.path("test").path("images").asInt()).isEqualTo(21);
        JsonNode seedCard = new ObjectMapper().readTree(seed.resolve("card.json").toFile());
        assertThat(card.path("preprocessing")).isEqualTo(seedCard.path("preprocessing"));

        // the ensemble is an ordinary model to fer evaluate, and the card's TEST figures are what it measures
        EvaluateCommand evaluate = new EvaluateCommand();
        evaluate.model = outcome.model();
        evaluate.card = outcome.card();
        evaluate.data = csv;
        evaluate.json = true;
        JsonNode result = evaluate.evaluate();
        assertThat(result.path("accuracy").asDouble()).isEqualTo(card.path("test").path("accuracy").asDouble());
        assertThat(result.path("accuracy_tta_shifts").asDouble()).isEqualTo(card.path("test").path("accuracy_tta_shifts").asDouble());

        try (Classifier ensemble = Classifier.load(outcome.model(), OnnxWriter.CONTRACT)) {
            assertThat(ensemble.output(OnnxWriter.EMBEDDING, new float[2 * 48 * 48], 2)[1]).hasSize(512);
        }

        assertThatThrownBy(() -> ensemble(csv, dir.resolve("twice"), seed, seed).run(System.out))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("same model as an earlier member");
        assertThatThrownBy(() -> ensemble(csv, dir.resolve("alone"), seed).run(System.out))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("two or more members");
        assertThatThrownBy(() -> ensemble(csv, dir.resolve("nocard"), seed, dir).run(System.out))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("has no card.json");
        assertThatThrownBy(() -> ensemble(csv, resnet, seed, resnet).run(System.out))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("is a member's folder");

        // --release checks the broker first, so a missing one costs seconds and writes nothing
        EnsembleCommand unreachable = new EnsembleCommand();
        new CommandLine(unreachable).parseArgs("--member", seed.toString(), "--member", resnet.toString(), "--data", csv.toString(),
                "--out", dir.resolve("unreleased").toString(), "--release", "--bootstrap-servers", "127.0.0.1:1");
        assertThatThrownBy(() -> unreachable.run(System.out)).hasMessageContaining("No Kafka broker answers at 127.0.0.1:1");
        assertThat(dir.resolve("unreleased")).doesNotExist();

        // a member whose card is not its model's, or that reads another input, is refused by name
        Path otherInput = copy(resnet, dir.resolve("other-input"));
        edit(otherInput, c -> ((ObjectNode) c.path("preprocessing")).putNull("clahe"));
        assertThatThrownBy(() -> ensemble(csv, dir.resolve("x"), seed, otherInput).run(System.out))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'" + otherInput + "' for member: its card's preprocessing differs");
        Path wrongCard = copy(resnet, dir.resolve("wrong-card"));
        edit(wrongCard, c -> ((ObjectNode) c).put("onnx_sha256", Sha256.of(seed.resolve("model.onnx"))));
        assertThatThrownBy(() -> ensemble(csv, dir.resolve("y"), seed, wrongCard).run(System.out))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("does not match its card");
    }

    private static Path copy(Path member, Path to) throws Exception {
        Files.createDirectories(to);
        for (String file : List.of("model.onnx", "card.json")) {
            Files.copy(member.resolve(file), to.resolve(file));
        }
        return to;
    }

    private interface CardEdit {
        void apply(JsonNode card) throws Exception;
    }

    private static void edit(Path member, CardEdit change) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode card = mapper.readTree(member.resolve("card.json").toFile());
        change.apply(card);
        mapper.writeValue(member.resolve("card.json").toFile(), card);
    }
}
