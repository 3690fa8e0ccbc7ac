package io.ferstream.trainer;

import io.ferstream.trainer.data.Fer2013Csv;
import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.data.Inputs;
import io.ferstream.model.eval.Evaluation;
import io.ferstream.model.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.events.Split;
import io.ferstream.model.ModelCards;
import io.ferstream.model.SplitMetrics;
import io.ferstream.platform.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer evaluate}: any ONNX FER classifier on the TEST (PrivateTest) split, with the card's preprocessing. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate an ONNX FER classifier on the TEST (PrivateTest) split: accuracy, accuracy with flip TTA, "
                + "per-class precision/recall/F1, confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The .onnx classifier.")
    Path model;

    @Option(names = "--card", required = true, paramLabel = "FILE",
            description = "Model card JSON; its \"preprocessing\" object (size, clahe, mean, std, layout, input, output) is applied.")
    Path card;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "FER2013-format CSV, plain or .gz.")
    Path data;

    @Option(names = "--json", description = "Print one JSON object (accuracy, accuracy_tta, accuracy_tta_shifts, per_class, confusion, "
            + "with_tta, with_tta_shifts, ...).")
    boolean json;

    /** Evaluates and returns the JSON printed with --json. */
    ObjectNode evaluate() throws Exception {
        for (var f : new Object[][] {{"model", model}, {"card", card}, {"data", data}}) {
            if (!Files.isRegularFile((Path) f[1])) {
                throw new InvalidConfigException((String) f[0], f[1], "no such file");
            }
        }
        Preprocessing contract = ModelCards.read(card).preprocessing();
        ImageSet test = Fer2013Csv.read(data).get(Split.TEST);
        if (test.size() == 0) {
            throw new InvalidConfigException("data", data, "has no PrivateTest rows");
        }
        Evaluation e = Inputs.evaluate(model, contract, test);
        ObjectNode o = ModelCards.toTree(e.toMetrics().withModel(model.toString()).withSplit(SplitMetrics.TEST));
        if (!json) {
            System.out.print(e.toText());
        }
        return o;
    }

    @Override
    public Integer call() throws Exception {
        ObjectNode o = evaluate();
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(o));
        }
        return 0;
    }
}
