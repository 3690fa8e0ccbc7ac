package io.ferstream.embedder;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

import io.ferstream.embedder.outliers.ClassStatistics;
import io.ferstream.events.Emotion;

/**
 * A decided run whose images are still being emitted: its final class statistics (and the images
 * removed so far), kept in a state
 * store so that emission, done in chunks, resumes with the same statistics after a restart.
 */
record DecidedRun(Map<Emotion, ClassStatistics> stats, long removed) {

    byte[] encode() {
        int size = 4 + 8;
        for (ClassStatistics s : stats.values()) {
            size += 4 + 4 + 1 + 8 * 3 + 4 + 8 * s.centroid().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(stats.size()).putLong(removed);
        stats.forEach((label, s) -> {
            buffer.putInt(label.ordinal()).putInt(s.count()).put((byte) (s.small() ? 1 : 0))
                    .putDouble(s.distanceMean()).putDouble(s.distanceStd()).putDouble(s.threshold())
                    .putInt(s.centroid().length);
            for (double value : s.centroid()) {
                buffer.putDouble(value);
            }
        });
        return buffer.array();
    }

    static DecidedRun decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int classes = buffer.getInt();
        long removed = buffer.getLong();
        Map<Emotion, ClassStatistics> stats = new EnumMap<>(Emotion.class);
        for (int i = 0; i < classes; i++) {
            Emotion label = Emotion.values()[buffer.getInt()];
            int count = buffer.getInt();
            boolean small = buffer.get() == 1;
            double mean = buffer.getDouble();
            double std = buffer.getDouble();
            double threshold = buffer.getDouble();
            double[] centroid = new double[buffer.getInt()];
            for (int j = 0; j < centroid.length; j++) {
                centroid[j] = buffer.getDouble();
            }
            stats.put(label, new ClassStatistics(count, centroid, mean, std, threshold, small));
        }
        return new DecidedRun(stats, removed);
    }

    DecidedRun withRemoved(long more) {
        return new DecidedRun(stats, removed + more);
    }
}
