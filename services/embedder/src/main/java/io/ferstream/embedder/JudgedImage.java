package io.ferstream.embedder;

import io.ferstream.events.FaceImage;

/** An image with a decide-step check's verdict added, and whether that verdict removes it. */
record JudgedImage(FaceImage image, boolean removed) {
}
