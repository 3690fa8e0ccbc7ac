package io.ferstream.embedder.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.ferstream.embedder.duplicates.DuplicateGroups.Reason;
import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import io.ferstream.vision.Fer2013;
import io.ferstream.vision.GrayImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The duplicate check on all 35,887 FER2013 images: the default distance finds the rows the
 * dataset's provenance flags as duplicates carrying different labels ({@code fer2013_flags.csv},
 * flag {@code label_uncertain_duplicate}), and the figures the embedder README quotes.
 */
class Fer2013DuplicatesTest {

    private static final Map<String, Split> SPLITS = Map.of("Training", Split.TRAIN, "PublicTest", Split.VALIDATION,
            "PrivateTest", Split.TEST);
    private static List<HashedImage> images;
    private static Set<Integer> flagged;

    @BeforeAll
    static void hashAllOfFer2013() throws IOException {
        Path csv = Fer2013.csvOrSkip();
        List<Fer2013.Row> rows = Fer2013.read(csv, usage -> true, Integer.MAX_VALUE);
        images = new ArrayList<>(rows.size());
        for (Fer2013.Row row : rows) {
            GrayImage face = row.image();
            images.add(HashedImage.of(String.format("%05d", row.index()), SPLITS.get(row.usage()),
                    Emotion.values()[row.emotion()], face.width(), face.height(), face.pixels()));
        }
        flagged = new TreeSet<>();
        for (String line : Files.readAllLines(csv.resolveSibling("fer2013_flags.csv"))) {
            String[] fields = line.split(",", 3);
            if (fields.length > 1 && fields[1].equals("label_uncertain_duplicate")) {
                flagged.add(Integer.parseInt(fields[0]));
            }
        }
    }

    @Test
    void theDefaultDistanceFindsTheFlaggedDuplicatesWithoutPairingStrangers() {
        assertThat(images).hasSize(35_887);
        assertThat(flagged).as("rows flagged label_uncertain_duplicate").hasSize(132);
        for (int distance : new int[] {0, 2, DuplicateRule.DEFAULT_MAX_DISTANCE, 6}) {
            DuplicateGroups found = DuplicateFinder.find(images, distance);
            long recalled = flagged.stream().filter(row -> found.of(String.format("%05d", row)) != null).count();
            Map<Reason, Long> reasons = found.members().values().stream().filter(m -> m.reason() != null)
                    .collect(Collectors.groupingBy(DuplicateGroups.Membership::reason, () -> new EnumMap<>(Reason.class),
                            Collectors.counting()));
            System.out.printf("distance %d: recall %d/%d, %s, reasons %s%n", distance, recalled, flagged.size(),
                    found.figures(), reasons);
            if (distance == DuplicateRule.DEFAULT_MAX_DISTANCE) {
                assertThat((double) recalled / flagged.size()).as("recall of the flagged duplicates").isGreaterThanOrEqualTo(0.95);
                // 4,449 pairs when measured; pairs grow about fourfold from 8 bits on, where strangers pair up.
                assertThat(found.figures().pairs()).isBetween(4_000L, 5_000L);
                assertThat(found.figures().leakingGroups()).isPositive();
                assertThat(found.figures().conflictingGroups()).isPositive();
            }
        }
    }

    @Test
    void exactTwinsAreFoundAtDistanceZero() {
        DuplicateGroups found = DuplicateFinder.find(images, 0);
        long exactImages = found.members().values().stream().filter(DuplicateGroups.Membership::exact).count();
        // 1,516 groups of identical pixels holding 3,369 images when measured.
        assertThat(exactImages).isEqualTo(3_369);
    }
}
