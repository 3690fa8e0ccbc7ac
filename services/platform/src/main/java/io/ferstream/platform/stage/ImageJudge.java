package io.ferstream.platform.stage;

import io.ferstream.events.FaceImage;

/**
 * The pure part of a filter stage: looks at one image and says whether it passes, with every score
 * it computed. It never sees Kafka. One instance serves one stream task at a time, so it may keep
 * reusable buffers (native OpenCV memory, for example) and release them in {@link #close()}.
 */
public interface ImageJudge extends AutoCloseable {

    /** Judges a GRAY8 image whose pixel count has been checked against width × height. */
    Judgement judge(FaceImage image);

    @Override
    default void close() {
    }
}
