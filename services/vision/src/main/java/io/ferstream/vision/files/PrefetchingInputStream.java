package io.ferstream.vision.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads another stream ahead on a background thread, in chunks, so decompression (gzip, zip) runs
 * in parallel with the parsing on the caller's thread. At most {@code depth} chunks wait; their
 * buffers are recycled. An error of the source surfaces on the caller's next read. {@link #close()}
 * stops the thread and closes the source.
 */
final class PrefetchingInputStream extends InputStream {

    private static final Object END = new Object();

    private final InputStream source;
    private final BlockingQueue<Object> filled;
    private final BlockingQueue<byte[]> free;
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private boolean ended;

    private record Chunk(byte[] data, int length) {
    }

    PrefetchingInputStream(InputStream source, int chunkSize, int depth, String name) {
        this.source = source;
        this.filled = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 2);
        for (int i = 0; i < depth + 2; i++) {
            free.add(new byte[chunkSize]);
        }
        this.thread = new Thread(this::fill, "prefetch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        try {
            while (!closed) {
                byte[] buffer = free.poll(100, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    continue;
                }
                int n = source.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    put(new Chunk(buffer, n));
                }
                if (n < buffer.length) {
                    put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                try {
                    put(e);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            try {
                source.close();
            } catch (IOException ignored) {
                // Closing after reading: nothing left to lose.
            }
        }
    }

    private void put(Object item) throws InterruptedException {
        while (!closed) {
            if (filled.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position >= current.length()) {
            if (current != null) {
                free.offer(current.data());
                current = null;
            }
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading ahead", e);
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Exception e) {
                ended = true;
                throw e instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(e.toString(), e);
            }
            current = (Chunk) next;
            position = 0;
        }
        int n = Math.min(length, current.length() - position);
        System.arraycopy(current.data(), position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        filled.clear();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
