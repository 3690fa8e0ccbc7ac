package io.ferstream.trainer;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Accuracy of a classifier on one split: plain; with test-time augmentation by the mirror image
 * ({@link TtaView#FLIP}: the mean of the two softmax outputs); and with the mirror and one-pixel
 * diagonal shifts ({@link TtaView#FLIP_AND_SHIFTS}, 10 views).
 */
public record Evaluation(int images, Metrics plain, Metrics tta, Metrics ttaShifts) {

    private static final int BATCH = 256;

    /** Runs {@code classifier} over {@code images} (raw; the classifier's contract is applied). */
    public static Evaluation of(OnnxClassifier classifier, ImageSet images) {
        Preprocessing contract = classifier.contract();
        ImageSet eq = Inputs.equalise(images, contract);
        int classes = Fer2013Csv.CLASSES.size();
        List<TtaView> views = TtaView.FLIP_AND_SHIFTS;
        int mirror = views.indexOf(TtaView.FLIP.get(1));
        int[] plain = new int[images.size()];
        int[] tta = new int[images.size()];
        int[] ttaShifts = new int[images.size()];
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            float[][][] scores = new float[views.size()][][];
            for (int v = 0; v < views.size(); v++) {
                scores[v] = classifier.predict(Inputs.batch(eq, from, to, contract, views.get(v)), to - from);
            }
            for (int i = 0; i < to - from; i++) {
                if (scores[0][i].length != classes) {
                    throw new IllegalArgumentException("the model gives " + scores[0][i].length + " scores, expected " + classes);
                }
                float[] all = new float[classes];
                for (float[][] s : scores) {
                    for (int c = 0; c < classes; c++) {
                        all[c] += s[i][c];
                    }
                }
                plain[from + i] = argMax(scores[0][i], null);
                tta[from + i] = argMax(scores[0][i], scores[mirror][i]);
                ttaShifts[from + i] = argMax(all, null);
            }
        }
        return new Evaluation(images.size(), Metrics.of(images.labels(), plain, classes), Metrics.of(images.labels(), tta, classes),
                Metrics.of(images.labels(), ttaShifts, classes));
    }

    public double accuracy() {
        return plain.accuracy();
    }

    public double accuracyTta() {
        return tta.accuracy();
    }

    public double accuracyTtaShifts() {
        return ttaShifts.accuracy();
    }

    /**
     * {@code images, accuracy, accuracy_tta, accuracy_tta_shifts, per_class, confusion} (plain),
     * {@code with_tta} and {@code with_tta_shifts: {per_class, confusion}}.
     */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("images", images);
        o.put("accuracy", round(accuracy()));
        o.put("accuracy_tta", round(accuracyTta()));
        o.put("accuracy_tta_shifts", round(accuracyTtaShifts()));
        o.put("tta", "mean of softmax(original) and softmax(horizontal flip)");
        o.put("tta_shifts", "mean of softmax over original and flip, each also shifted 1 px along the 4 diagonals (10 views)");
        o.set("per_class", perClass(mapper, plain));
        o.set("confusion", confusion(mapper, plain));
        ObjectNode t = o.putObject("with_tta");
        t.set("per_class", perClass(mapper, tta));
        t.set("confusion", confusion(mapper, tta));
        ObjectNode ts = o.putObject("with_tta_shifts");
        ts.set("per_class", perClass(mapper, ttaShifts));
        ts.set("confusion", confusion(mapper, ttaShifts));
        return o;
    }

    /** A plain-text table: accuracy, then precision / recall / F1 / support per class. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("images %d  accuracy %.4f  with TTA (flip) %.4f  with TTA (flip and shifts, 10 views) %.4f%n",
                images, accuracy(), accuracyTta(), accuracyTtaShifts()));
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
