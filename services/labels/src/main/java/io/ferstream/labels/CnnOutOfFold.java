package io.ferstream.labels;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import io.ferstream.trainer.data.ImageSet;
import io.ferstream.trainer.network.Architecture;
import io.ferstream.trainer.training.TrainConfig;
import io.ferstream.trainer.training.Trainer;

/**
 * Out-of-fold probabilities from CNNs: one {@link Architecture#SMALL} network per fold of TRAIN, with
 * the trainer's recipe (Adam, cosine decay, augmentation), trained on the other folds; its epoch is
 * chosen on VALIDATION, never on the fold it predicts. VALIDATION and TEST get the mean of the fold
 * models' probabilities (none of them saw those images). Each fold's checkpoints and probabilities
 * are kept under {@code workDir/fold-N}, so a stopped job resumes where it was.
 */
final class CnnOutOfFold {

    /** Out-of-fold probabilities of TRAIN, and the fold models' mean for the held-out images. */
    record Probabilities(double[][] train, double[][] heldOut) {
    }

    private CnnOutOfFold() {
    }

    static Probabilities run(byte[][] train, int[] labels, ImageSet validation, byte[][] heldOut, int classes, int folds,
                             int epochs, long seed, Path workDir, Consumer<String> progress) throws IOException {
        Trainer.requireEngine();
        int[] fold = OutOfFold.folds(labels, classes, folds, seed);
        double[][] outOfFold = new double[train.length][];
        double[][] heldOutMean = new double[heldOut.length][classes];
        for (int f = 0; f < folds; f++) {
            Path dir = workDir.resolve("fold-" + (f + 1));
            Path saved = dir.resolve("probabilities.bin");
            int[] members = indices(fold, f, true);
            int[] others = indices(fold, f, false);
            float[][] foldProbabilities;
            float[][] heldOutProbabilities;
            if (Files.exists(saved)) {
                float[][][] both = load(saved, members.length, heldOut.length);
                foldProbabilities = both[0];
                heldOutProbabilities = both[1];
                progress.accept(String.format(Locale.ROOT, "fold %d/%d: probabilities from %s", f + 1, folds, saved));
            } else {
                long started = System.nanoTime();
                TrainConfig config = TrainConfig.recipe(Architecture.SMALL, dir).withEpochs(epochs).withSeed(seed + f);
                try (Trainer trainer = new Trainer(config, Trainer.hasCheckpoint(dir))) {
                    int foldNumber = f + 1;
                    Trainer.Result result = trainer.fit(subset(train, labels, others), validation, stats -> progress.accept(
                            String.format(Locale.ROOT, "fold %d/%d epoch %d/%d: train accuracy %.1f %%, validation %.1f %% (%.0f s)",
                                    foldNumber, folds, stats.epoch(), epochs, 100 * stats.accuracy(), 100 * stats.valAccuracy(),
                                    stats.seconds())));
                    foldProbabilities = trainer.probabilities(subset(train, labels, members));
                    heldOutProbabilities = trainer.probabilities(new ImageSet(heldOut, new int[heldOut.length]));
                    progress.accept(String.format(Locale.ROOT, "fold %d/%d: best epoch %d, %.0f s", f + 1, folds,
                            result.bestEpoch(), (System.nanoTime() - started) / 1e9));
                }
                save(saved, foldProbabilities, heldOutProbabilities);
            }
            int correct = 0;
            for (int m = 0; m < members.length; m++) {
                outOfFold[members[m]] = toDouble(foldProbabilities[m]);
                correct += OutOfFold.argmax(outOfFold[members[m]]) == labels[members[m]] ? 1 : 0;
            }
            progress.accept(String.format(Locale.ROOT, "fold %d/%d: out-of-fold accuracy %.1f %% on %,d images", f + 1, folds,
                    100.0 * correct / members.length, members.length));
            for (int h = 0; h < heldOut.length; h++) {
                for (int c = 0; c < classes; c++) {
                    heldOutMean[h][c] += heldOutProbabilities[h][c] / folds;
                }
            }
        }
        return new Probabilities(outOfFold, heldOutMean);
    }

    private static int[] indices(int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }

    private static ImageSet subset(byte[][] pixels, int[] labels, int[] rows) {
        byte[][] p = new byte[rows.length][];
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = pixels[rows[i]];
            l[i] = labels[rows[i]];
        }
        return new ImageSet(p, l);
    }

    private static double[] toDouble(float[] p) {
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = p[i];
        }
        return d;
    }

    private static void save(Path file, float[][] fold, float[][] heldOut) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(partial)))) {
            for (float[][] block : new float[][][] {fold, heldOut}) {
                out.writeInt(block.length);
                for (float[] row : block) {
                    out.writeInt(row.length);
                    for (float v : row) {
                        out.writeFloat(v);
                    }
                }
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static float[][][] load(Path file, int foldSize, int heldOutSize) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            float[][][] blocks = new float[2][][];
            for (int b = 0; b < 2; b++) {
                int rows = in.readInt();
                if (rows != (b == 0 ? foldSize : heldOutSize)) {
                    throw new IOException(file + " holds " + rows + " rows where this source has " + (b == 0 ? foldSize : heldOutSize)
                            + ": it belongs to another source or fold count; delete the work folder to start over");
                }
                blocks[b] = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    float[] row = new float[in.readInt()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = in.readFloat();
                    }
                    blocks[b][r] = row;
                }
            }
            return blocks;
        }
    }

    static String describe(int folds, int epochs) {
        return String.format(Locale.ROOT, "%s CNN, %d folds, %d epochs, the trainer's recipe", Architecture.SMALL.id(), folds,
                epochs);
    }
}
