package io.ferstream.embedder;

import io.ferstream.events.ClassStats;
import io.ferstream.events.FaceImage;

/** One output of the decide step: an image (typical when {@code toOutput}, else an outlier) or a class's statistics. */
record Decision(FaceImage image, boolean toOutput, ClassStats classStats) {
}
