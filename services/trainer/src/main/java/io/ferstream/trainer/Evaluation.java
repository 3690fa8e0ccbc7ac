package io.ferstream.trainer;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Accuracy of a classifier on one split, plain and with test-time augmentation (the mean of the
 * probabilities for the image and its mirror image).
 */
public record Evaluation(int images, Metrics plain, Metrics tta) {

    private static final int BATCH = 256;

    /** Runs {@code classifier} over {@code images} (raw; the classifier's contract is applied). */
    public static Evaluation of(OnnxClassifier classifier, ImageSet images) {
        Preprocessing contract = classifier.contract();
        ImageSet eq = Inputs.equalise(images, contract);
        int classes = Fer2013Csv.CLASSES.size();
        int[] plain = new int[images.size()];
        int[] tta = new int[images.size()];
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            float[][] p = classifier.predict(Inputs.batch(eq, from, to, contract, false), to - from);
            float[][] q = classifier.predict(Inputs.batch(eq, from, to, contract, true), to - from);
            for (int i = 0; i < to - from; i++) {
                if (p[i].length != classes) {
                    throw new IllegalArgumentException("the model gives " + p[i].length + " scores, expected " + classes);
                }
                plain[from + i] = argMax(p[i], null);
                tta[from + i] = argMax(p[i], q[i]);
            }
        }
        return new Evaluation(images.size(), Metrics.of(images.labels(), plain, classes), Metrics.of(images.labels(), tta, classes));
    }

    public double accuracy() {
        return plain.accuracy();
    }

    public double accuracyTta() {
        return tta.accuracy();
    }

    /** {@code images, accuracy, accuracy_tta, per_class, confusion} (plain) and {@code tta: {per_class, confusion}}. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("images", images);
        o.put("accuracy", round(accuracy()));
        o.put("accuracy_tta", round(accuracyTta()));
        o.put("tta", "mean of softmax(original) and softmax(horizontal flip)");
        o.set("per_class", perClass(mapper, plain));
        o.set("confusion", confusion(mapper, plain));
        ObjectNode t = o.putObject("with_tta");
        t.set("per_class", perClass(mapper, tta));
        t.set("confusion", confusion(mapper, tta));
        return o;
    }

    /** A plain-text table: accuracy, then precision / recall / F1 / support per class. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("images %d  accuracy %.4f  accuracy with TTA (flip) %.4f%n", images, accuracy(), accuracyTta()));
        b.append(String.format("%-9s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        List<String> names = Fer2013Csv.CLASSES;
        for (int c = 0; c < names.size(); c++) {
            b.append(String.format("%-9s %9.4f %9.4f %9.4f %8d%n", names.get(c), plain.precision(c), plain.recall(c),
                    plain.f1(c), plain.support(c)));
        }
        b.append("confusion (rows: true, columns: predicted, order as above)\n");
        for (int[] row : plain.confusion()) {
            for (int v : row) {
                b.append(String.format("%6d", v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static ArrayNode perClass(ObjectMapper mapper, Metrics m) {
        ArrayNode a = mapper.createArrayNode();
        for (int c = 0; c < Fer2013Csv.CLASSES.size(); c++) {
            ObjectNode e = a.addObject();
            e.put("class", Fer2013Csv.CLASSES.get(c));
            e.put("precision", round(m.precision(c)));
            e.put("recall", round(m.recall(c)));
            e.put("f1", round(m.f1(c)));
            e.put("support", m.support(c));
        }
        return a;
    }

    private static ArrayNode confusion(ObjectMapper mapper, Metrics m) {
        ArrayNode a = mapper.createArrayNode();
        for (int[] row : m.confusion()) {
            ArrayNode r = a.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        return a;
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static int argMax(float[] a, float[] b) {
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            float v = b == null ? a[i] : a[i] + b[i];
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }
}
