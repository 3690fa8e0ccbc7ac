package io.ferstream.trainer;

import io.ferstream.trainer.data.Fer2013Csv;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.trainer.ensemble.OnnxEnsemble;
import io.ferstream.trainer.network.OnnxWriter;
import io.ferstream.trainer.onnx.OnnxProto;
import io.ferstream.model.eval.Evaluation;
import io.ferstream.model.Preprocessing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.events.ModelRelease;
import io.ferstream.events.Split;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCardException;
import io.ferstream.model.ModelCards;
import io.ferstream.model.SplitMetrics;
import io.ferstream.model.Task;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.config.ConnectionOptions;
import io.ferstream.platform.config.InvalidConfigException;
import io.ferstream.platform.files.Sha256;
import io.ferstream.platform.topics.ClusterCheck;
import io.ferstream.platform.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fer ensemble}: models written by {@code fer train} joined into one ONNX model that averages
 * their probabilities ({@link OnnxEnsemble}). Each member and the ensemble are scored on VALIDATION,
 * where the choice between them belongs; the ensemble is evaluated once on TEST for its card.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Join models written by fer train into one model.onnx that averages their class probabilities "
                + "(embeddings side by side). Prints VALIDATION (PublicTest) accuracy of each member and of the ensemble, "
                + "evaluates the ensemble once on TEST (PrivateTest) and writes model.onnx and card.json.")
public final class EnsembleCommand implements Callable<Integer> {

    @Option(names = "--member", required = true, paramLabel = "DIR",
            description = "A folder written by fer train (card.json and the model it names). Give two or more.")
    List<Path> members;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "FER2013-format CSV with the published pixels (fer2013.csv.gz): its PublicTest rows score the members "
                    + "and the ensemble, its PrivateTest rows are the TEST evaluation.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "model-ensemble",
            description = "Output folder (model.onnx, card.json). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "ensemble",
            description = "The model's name in its card and release (the key on the compacted models topic, so one release per name "
                    + "is kept). Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--release", description = "Publish a ModelRelease for the ensemble on the models topic when done.")
    boolean release;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    /** A member: its folder, card and model file. */
    private record Member(Path dir, ModelCard card, Path model) {
    }

    /** Where the ensemble went, and its figures. */
    record Outcome(Path model, Path card, List<Evaluation> memberValidation, Evaluation validation, Evaluation test) {
    }

    Outcome run(PrintStream log) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        if (members.size() < 2) {
            throw new InvalidConfigException("member", members, "an ensemble needs two or more members");
        }
        if (!Files.isRegularFile(data)) {
            throw new InvalidConfigException("data", data, "no such file");
        }
        ConnectionConfig kafka = release ? connection.toConfig() : null;
        if (release) {
            // fail in seconds, before minutes of evaluation, when the broker is not there (as fer train does)
            ClusterCheck.requireReachable(kafka.bootstrapServers(), ClusterCheck.DEFAULT_LIMIT);
        }
        Path outDir = out.toAbsolutePath().normalize();
        List<Member> read = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (Path dir : members) {
            if (dir.toAbsolutePath().normalize().equals(outDir)) {
                throw new InvalidConfigException("out", out, "is a member's folder; the ensemble would overwrite that member");
            }
            Member m = member(dir);
            Member first = read.isEmpty() ? m : read.get(0);
            if (!m.card.preprocessing().equals(first.card.preprocessing())) {
                throw new InvalidConfigException("member", dir, "its card's preprocessing differs from " + first.dir
                        + "'s; members must read the same input");
            }
            if (!Objects.equals(m.card.classes(), first.card.classes())) {
                throw new InvalidConfigException("member", dir, "its classes differ from " + first.dir + "'s");
            }
            String sha = m.card.onnxSha256();
            if (hashes.contains(sha)) {
                throw new InvalidConfigException("member", dir, "is the same model as an earlier member");
            }
            hashes.add(sha);
            read.add(m);
        }
        Map<Split, ImageSet> splits = Fer2013Csv.read(data);
        ImageSet validation = splits.get(Split.VALIDATION);
        ImageSet test = splits.get(Split.TEST);
        if (validation.size() == 0 || test.size() == 0) {
            throw new InvalidConfigException("data", data, "has " + validation.size() + " PublicTest and " + test.size()
                    + " PrivateTest rows; both are needed");
        }

        Map<String, byte[]> models = new LinkedHashMap<>();
        for (Member m : read) {
            models.put(m.dir.toString(), Files.readAllBytes(m.model));
        }
        OnnxEnsemble.Merged merged;
        try {
            merged = OnnxEnsemble.merge(models);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("member", members, e.getMessage());
        }
        Files.createDirectories(out);
        Path model = out.resolve(TrainingRun.MODEL_FILE);
        Path cardFile = out.resolve(TrainingRun.CARD_FILE);
        // a card must never describe a model it was not written for
        Files.deleteIfExists(cardFile);
        OnnxProto.write(merged.model(), model);

        Preprocessing contract = read.get(0).card.preprocessing();
        log.printf("VALIDATION (PublicTest, %d images): accuracy, with flip TTA, with flip and shift TTA (10 views)%n",
                validation.size());
        List<Evaluation> memberValidation = new ArrayList<>();
        for (Member m : read) {
            Evaluation e = Inputs.evaluate(m.model, contract, validation);
            memberValidation.add(e);
            log.printf("  %-40s %.4f  %.4f  %.4f%n", m.dir, e.accuracy(), e.accuracyTta(), e.accuracyTtaShifts());
        }
        Evaluation ensembleValidation = Inputs.evaluate(model, contract, validation);
        log.printf("  %-40s %.4f  %.4f  %.4f%n", "ensemble", ensembleValidation.accuracy(), ensembleValidation.accuracyTta(),
                ensembleValidation.accuracyTtaShifts());
        Evaluation testEval = Inputs.evaluate(model, contract, test);
        log.printf("TEST (PrivateTest, %d images, evaluated once): accuracy %.4f, with flip TTA %.4f, with flip and shift TTA %.4f%n",
                testEval.images(), testEval.accuracy(), testEval.accuracyTta(), testEval.accuracyTtaShifts());

        ModelCards.write(card(mapper, read, memberValidation, ensembleValidation, testEval, merged, model), cardFile);
        log.printf("wrote %s and %s%n", model, cardFile);
        if (release) {
            ModelRelease r = ModelReleaser.describe(model, cardFile, commonRunId(read), Clock.systemUTC());
            long offset = ModelReleaser.publish(kafka, r);
            log.printf("released %s %s on %s (offset %d)%n", r.getName(), r.getVersion(),
                    kafka.topicNames().of(Topics.MODELS), offset);
        }
        return new Outcome(model, cardFile, memberValidation, ensembleValidation, testEval);
    }

    private static Member member(Path dir) {
        Path cardFile = dir.resolve(TrainingRun.CARD_FILE);
        if (!Files.isRegularFile(cardFile)) {
            throw new InvalidConfigException("member", dir, "has no " + TrainingRun.CARD_FILE + " (a folder written by fer train)");
        }
        try {
            ModelCard card = ModelCards.readVerified(cardFile);
            return new Member(dir, card, ModelCards.modelFile(cardFile, card));
        } catch (ModelCardException e) {
            throw new InvalidConfigException("member", dir, e.getMessage());
        }
    }

    /** The pipeline run every member was trained on, or null when they differ or none was. */
    private static String commonRunId(List<Member> members) {
        String id = runId(members.get(0));
        for (Member m : members) {
            if (id == null || !id.equals(runId(m))) {
                return null;
            }
        }
        return id;
    }

    private static String runId(Member m) {
        return m.card.training() == null ? null : m.card.training().path("data").path("run_id").asText(null);
    }

    private ModelCard card(ObjectMapper mapper, List<Member> read, List<Evaluation> memberValidation, Evaluation validation,
            Evaluation test, OnnxEnsemble.Merged merged, Path model) throws IOException {
        Member first = read.get(0);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(OnnxWriter.PROBABILITIES, "[N, " + merged.classes() + "] mean of the members' probabilities, class order above");
        outputs.put(OnnxWriter.EMBEDDING, "[N, " + merged.embeddingWidth() + "] the members' embeddings side by side, in member order "
                + merged.embeddingWidths());
        ObjectNode architecture = mapper.createObjectNode();
        architecture.put("name", "ensemble");
        architecture.put("description", "the mean of " + read.size() + " members' class probabilities (ONNX Mean over one shared input)");
        long parameters = 0;
        ArrayNode memberNodes = architecture.putArray("members");
        ObjectNode training = mapper.createObjectNode();
        ArrayNode trainingMembers = training.putArray("members");
        List<SplitMetrics.MemberAccuracy> memberFigures = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            Member m = read.get(i);
            parameters += m.card.architecture().path("parameters").asLong();
            ObjectNode node = memberNodes.addObject();
            node.put("prefix", "m" + i + "/");
            node.put("folder", m.dir.toString());
            node.put("name", m.card.name());
            node.put("onnx_sha256", m.card.onnxSha256());
            node.set("architecture", m.card.architecture().deepCopy());
            trainingMembers.add(m.card.training() == null ? mapper.nullNode() : m.card.training().deepCopy());
            memberFigures.add(memberValidation.get(i).asMember(m.dir.toString()));
        }
        architecture.put("parameters", parameters);
        architecture.put("input", first.card.architecture().path("input").asText("[N, 1, 48, 48]"));
        Provenance provenance = Provenance.ofThisProcess();
        return ModelCard.of(name, Task.CLASSIFIER, TrainingRun.MODEL_FILE, Sha256.of(model), first.card.preprocessing())
                .withProvenance(Instant.now().toString(), provenance.command(), provenance.commit())
                .withModel((int) merged.opset(), first.card.classes(), outputs, architecture)
                .withFigures(training, validation.toMetrics().withSplit(SplitMetrics.VALIDATION).withMembers(memberFigures),
                        test.toMetrics().withSplit(SplitMetrics.TEST));
    }

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }
}
