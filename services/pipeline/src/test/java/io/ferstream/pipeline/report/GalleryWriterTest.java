package io.ferstream.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryWriterTest {

    private static FaceImage image(String id, Split split, Map<String, Double> scores, StageVerdict... verdicts) {
        byte[] pixels = new byte[48 * 48];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) (p * 7 + id.hashCode());
        }
        return FaceImage.newBuilder().setId(id).setRunId("r").setDataset("fer2013").setSplit(split).setLabel(Emotion.FEAR)
                .setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8).setPixels(ByteBuffer.wrap(pixels))
                .setSource("s").setIngestTime(Instant.EPOCH).setScores(scores).setVerdicts(List.of(verdicts)).build();
    }

    private static StageVerdict quality(boolean passed) {
        return StageVerdict.newBuilder().setStage("quality").setPassed(passed).setEnforced(true)
                .setReason(passed ? null : "blur").setThresholds(Map.of("blur.min", 80.0)).build();
    }

    private static StageVerdict duplicates(String reason, boolean enforced) {
        return StageVerdict.newBuilder().setStage("duplicates").setPassed(reason == null).setEnforced(enforced)
                .setReason(reason).setThresholds(Map.of("distance.max", 4.0)).build();
    }

    @Test
    void writesPaginatedGalleriesGroupsSideBySideAndTheImagesNearestEachThreshold(@TempDir Path dir) throws Exception {
        RunReport report = new RunReport("r");
        int removedByBlur = GalleryWriter.IMAGES_PER_PAGE + 5;
        for (int i = 0; i < removedByBlur; i++) {
            report.add(image(String.format("fer2013:%04d", i), Split.TRAIN, Map.of("quality.blur", 10.0 + i % 60),
                    quality(false)), true);
        }
        for (int i = 0; i < 40; i++) {
            report.add(image(String.format("fer2013:5%03d", i), Split.TRAIN, Map.of("quality.blur", 81.0 + i), quality(true)), false);
        }
        report.add(image("fer2013:9000", Split.TRAIN, Map.of("quality.blur", 300.0, "duplicates.group", 1.0, "duplicates.distance", 2.0),
                quality(true), duplicates("leakage", true)), true);
        report.add(image("fer2013:9001", Split.TEST, Map.of("quality.blur", 300.0, "duplicates.group", 1.0, "duplicates.distance", 2.0),
                quality(true), duplicates(null, true)), false);

        List<GalleryWriter.Gallery> galleries = GalleryWriter.write(dir, report);

        assertThat(galleries).extracting(GalleryWriter.Gallery::title).containsExactly("Removed: duplicates — leakage",
                "Removed: quality — blur", "Duplicate groups", "Nearest each threshold");
        assertThat(galleries.get(1).images()).isEqualTo(removedByBlur);
        Path gallery = dir.resolve("gallery");
        String first = Files.readString(gallery.resolve("removed-quality-blur-1.html"));
        String second = Files.readString(gallery.resolve("removed-quality-blur-2.html"));
        assertThat(first).contains("Page 1 of 2", "href=\"removed-quality-blur-2.html\">Next", "blur 10.00")
                .doesNotContain("Previous", "<script");
        assertThat(count(first, "<img ")).isEqualTo(GalleryWriter.IMAGES_PER_PAGE);
        assertThat(count(second, "<img ")).isEqualTo(5);
        assertThat(second).contains("href=\"removed-quality-blur-1.html\">Previous");

        String groups = Files.readString(gallery.resolve("duplicate-groups-1.html"));
        assertThat(groups.indexOf("fer2013:9001")).as("the kept twin first").isLessThan(groups.indexOf("fer2013:9000"));
        assertThat(groups).contains("removed: leakage", "kept", "distance 2.000");

        String near = Files.readString(gallery.resolve("near-thresholds-1.html"));
        assertThat(near).contains("Blur (Laplacian variance) — blur.min = 80.00", "Just below", "Just above");
        assertThat(near.indexOf("fer2013:5000")).as("81, the nearest above").isPositive();
        assertThat(near).contains("Hamming distance to the nearest twin (images with one) — distance.max = 4.000");
        assertThat(count(near, "<img ")).as("16 a side of the blur threshold, and the two twins").isEqualTo(2 * ThresholdNeighbours.PER_SIDE + 2);

        // Label issues: most likely wrong first, the suggested label by name.
        RunReport labelled = new RunReport("r3");
        StageVerdict issue = StageVerdict.newBuilder().setStage("labels").setPassed(false).setEnforced(false)
                .setReason("label_issue").setThresholds(Map.of("rank.remove_max", 0.0)).build();
        labelled.add(image("fer2013:1", Split.TRAIN, Map.of("labels.rank", 7.0, "labels.suggested", 3.0), issue), false);
        labelled.add(image("fer2013:2", Split.TRAIN, Map.of("labels.rank", 2.0, "labels.suggested", 0.0), issue), false);
        GalleryWriter.write(dir.resolve("labels"), labelled);
        String issues = Files.readString(dir.resolve("labels/gallery/flagged-labels-label_issue-1.html"));
        assertThat(issues).contains("most likely wrong first", "suggested HAPPY", "suggested ANGRY");
        assertThat(issues.indexOf("fer2013:2")).isLessThan(issues.indexOf("fer2013:1"));

        // A second run in the same folder replaces the pages, leaving none of the first behind.
        RunReport smaller = new RunReport("r2");
        smaller.add(image("x", Split.TRAIN, Map.of("quality.blur", 1.0), quality(false)), true);
        GalleryWriter.write(dir, smaller);
        assertThat(gallery.resolve("removed-quality-blur-2.html")).doesNotExist();
        assertThat(gallery.resolve("duplicate-groups-1.html")).doesNotExist();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
