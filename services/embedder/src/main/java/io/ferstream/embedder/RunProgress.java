package io.ferstream.embedder;

import java.nio.ByteBuffer;

/**
 * The embedder's accounting of one finite run: how many images the fetcher published (-1 until
 * known), how many reached the embedder, how many were rejected upstream, whether it is decided,
 * and when it last heard of the run. Complete when {@code arrived + rejectedUpstream >= published}.
 */
record RunProgress(long published, long arrived, long rejectedUpstream, boolean decided, long lastEventMillis) {

    static final RunProgress NEW = new RunProgress(-1, 0, 0, false, 0);

    boolean complete() {
        return published >= 0 && arrived + rejectedUpstream >= published;
    }

    long missing() {
        return Math.max(0, published - arrived - rejectedUpstream);
    }

    RunProgress withPublished(long count, long now) {
        return new RunProgress(count, arrived, rejectedUpstream, decided, now);
    }

    RunProgress withArrival(long now) {
        return new RunProgress(published, arrived + 1, rejectedUpstream, decided, now);
    }

    RunProgress withUpstreamReject(long now) {
        return new RunProgress(published, arrived, rejectedUpstream + 1, decided, now);
    }

    RunProgress asDecided(long now) {
        return new RunProgress(published, arrived, rejectedUpstream, true, now);
    }

    byte[] encode() {
        return ByteBuffer.allocate(8 * 4 + 1).putLong(published).putLong(arrived).putLong(rejectedUpstream)
                .put((byte) (decided ? 1 : 0)).putLong(lastEventMillis).array();
    }

    static RunProgress decode(byte[] bytes) {
        if (bytes == null) {
            return NEW;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new RunProgress(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.get() == 1, buffer.getLong());
    }
}
