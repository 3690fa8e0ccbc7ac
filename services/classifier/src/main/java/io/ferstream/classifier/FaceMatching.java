package io.ferstream.classifier;

import java.util.Arrays;
import java.util.List;

import io.ferstream.vision.FaceBox;

/**
 * Pairs boxes with candidate boxes: greedily, the pair of highest IoU first, each candidate used at
 * most once, pairs below {@code minIou} left unmatched. The smoother continues tracks with it; the
 * bench pairs known faces with detections. Pure.
 */
public final class FaceMatching {

    private FaceMatching() {
    }

    /** For each box of {@code known}, the index of its match in {@code detected}, or -1 when none overlaps enough. */
    public static int[] match(List<FaceBox> known, List<FaceBox> detected, double minIou) {
        int[] matched = new int[known.size()];
        Arrays.fill(matched, -1);
        boolean[] used = new boolean[detected.size()];
        while (true) {
            int bestKnown = -1;
            int bestDetected = -1;
            double best = minIou;
            for (int k = 0; k < known.size(); k++) {
                for (int d = 0; matched[k] < 0 && d < detected.size(); d++) {
                    double iou = used[d] ? -1 : known.get(k).iou(detected.get(d));
                    if (iou >= best) {
                        best = iou;
                        bestKnown = k;
                        bestDetected = d;
                    }
                }
            }
            if (bestKnown < 0) {
                return matched;
            }
            matched[bestKnown] = bestDetected;
            used[bestDetected] = true;
        }
    }
}
