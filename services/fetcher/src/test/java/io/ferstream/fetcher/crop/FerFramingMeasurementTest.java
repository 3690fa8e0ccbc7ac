package io.ferstream.fetcher.crop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.ferstream.model.detect.DetectedFace;
import io.ferstream.model.detect.YuNetDetector;
import io.ferstream.vision.Fer2013;
import org.junit.jupiter.api.Test;

/**
 * Measures where the shipped YuNet puts the face inside FER2013's VALIDATION images (PublicTest
 * rows; PrivateTest is never read) and checks {@link FerFraming#FER2013} holds those medians. Also
 * measures the eye line's tilt (right eye to left eye), which decides whether crops are aligned by the eyes.
 * Needs {@code shared/data/fer2013}; fails under CI=true without it, skips elsewhere.
 */
class FerFramingMeasurementTest {

    @Test
    void theFer2013FramingIsTheMedianYuNetBoxOnValidationRows() {
        List<Fer2013.Row> rows = Fer2013.read(Fer2013.csvOrSkip(), "PublicTest"::equals, Integer.MAX_VALUE);
        List<double[]> boxes = new ArrayList<>();
        List<Double> tilts = new ArrayList<>();
        try (YuNetDetector yunet = YuNetDetector.load(YuNetDetector.Config.forModel(YuNetDetector.shippedModel()))) {
            for (Fer2013.Row row : rows) {
                yunet.detectFaces(row.image()).stream().max(Comparator.comparingDouble(DetectedFace::score)).ifPresent(face -> {
                    double side = row.image().width();
                    boxes.add(new double[] {face.box().w() / side, FerFraming.meanLandmark(face, 0) / side,
                            FerFraming.meanLandmark(face, 1) / side, face.box().h() / side,
                            face.box().y() == 0 || face.box().y() + face.box().h() == side ? 1 : 0});
                    float[] eyes = face.landmarks();
                    tilts.add(Math.abs(Math.toDegrees(Math.atan2(eyes[3] - eyes[1], eyes[2] - eyes[0]))));
                });
            }
        }
        double[] medians = new double[5];
        for (int i = 0; i < medians.length; i++) {
            int column = i;
            medians[i] = median(boxes.stream().mapToDouble(b -> b[column]).toArray());
        }
        double[] tilt = tilts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("FER2013 VALIDATION framing: %d of %d rows with a face; median box width %.3f of the side, "
                        + "landmark centre (%.3f, %.3f), box height %.3f, %.0f %% of boxes cut by the top or bottom edge; eye-line tilt |deg| p50 %.1f, p75 %.1f, p90 %.1f%n",
                boxes.size(), rows.size(), medians[0], medians[1], medians[2], medians[3],
                100 * boxes.stream().mapToDouble(b -> b[4]).average().orElse(0),
                quantile(tilt, 0.5), quantile(tilt, 0.75), quantile(tilt, 0.9));

        assertThat(boxes.size()).isGreaterThan(rows.size() * 9 / 10);
        FerFraming fer = FerFraming.FER2013;
        assertThat(new double[] {fer.boxWidth(), fer.landmarksX(), fer.landmarksY()})
                .containsExactly(Arrays.copyOf(medians, 3), within(0.005));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantile(sorted, 0.5);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
