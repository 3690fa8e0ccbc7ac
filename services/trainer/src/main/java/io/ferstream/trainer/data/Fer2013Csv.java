package io.ferstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ferstream.events.Split;
import io.ferstream.model.FerClasses;
import io.ferstream.vision.fer2013.Fer2013Row;
import io.ferstream.vision.fer2013.Fer2013Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FER2013-format CSV (the published file or the pipeline's cleaned export; plain, gzip or zip) as
 * the trainer's image sets, read through the pipeline's one FER2013 reader ({@link Fer2013Rows}).
 * Usage maps Training → TRAIN, PublicTest → VALIDATION, PrivateTest → TEST; without a Usage column
 * every row is TRAIN. A bad row is skipped, not fatal: the file's skipped rows are counted by reason
 * and logged once, with the first one's row and detail.
 */
public final class Fer2013Csv {

    private static final Logger log = LoggerFactory.getLogger(Fer2013Csv.class);

    /** FER2013's class order (index = label). */
    public static final List<String> CLASSES = FerClasses.NAMES;

    /** The images of each split (absent splits map to empty sets) and the rows skipped as bad, by reason. */
    public record Contents(Map<Split, ImageSet> splits, Map<Fer2013Row.Problem, Long> skipped) {
    }

    private Fer2013Csv() {
    }

    /** Every split found in the file (absent splits map to empty sets); bad rows are skipped and logged. */
    public static Map<Split, ImageSet> read(Path file) throws IOException {
        return load(file).splits();
    }

    /** The file's images and the bad rows it skipped. */
    public static Contents load(Path file) throws IOException {
        Map<Split, List<byte[]>> pixels = new EnumMap<>(Split.class);
        Map<Split, List<Integer>> labels = new EnumMap<>(Split.class);
        for (Split s : List.of(Split.TRAIN, Split.VALIDATION, Split.TEST)) {
            pixels.put(s, new ArrayList<>());
            labels.put(s, new ArrayList<>());
        }
        Map<Fer2013Row.Problem, Long> skipped = new TreeMap<>();
        Fer2013Row.Bad firstBad = null;
        try (Fer2013Rows rows = Fer2013Rows.open(file, Map.of())) {
            for (Fer2013Row row = rows.next(); row != null; row = rows.next()) {
                if (row instanceof Fer2013Row.Image image) {
                    Split split = split(image);
                    pixels.get(split).add(image.pixels());
                    labels.get(split).add(image.label());
                } else {
                    Fer2013Row.Bad bad = (Fer2013Row.Bad) row;
                    skipped.merge(bad.problem(), 1L, Long::sum);
                    firstBad = firstBad == null ? bad : firstBad;
                }
            }
        }
        if (firstBad != null) {
            log.warn("{}: skipped {} bad rows {}; the first, row {}: {}", file.getFileName(),
                    skipped.values().stream().mapToLong(Long::longValue).sum(), skipped, firstBad.index(),
                    firstBad.detail());
        }
        Map<Split, ImageSet> sets = new EnumMap<>(Split.class);
        for (Split s : pixels.keySet()) {
            sets.put(s, new ImageSet(pixels.get(s).toArray(byte[][]::new),
                    labels.get(s).stream().mapToInt(Integer::intValue).toArray()));
        }
        return new Contents(sets, skipped);
    }

    private static Split split(Fer2013Row.Image image) {
        return switch (image.usage()) {
            case TRAINING -> Split.TRAIN;
            case PUBLIC_TEST -> Split.VALIDATION;
            case PRIVATE_TEST -> Split.TEST;
        };
    }
}
