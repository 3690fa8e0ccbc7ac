package io.ferstream.embedder.embedding;

/**
 * Turns a grayscale face into a fixed-length vector whose cosine distances say how alike faces
 * look. Implementations keep native buffers: not thread-safe, one per stream task, closed after.
 */
public interface Embedder extends AutoCloseable {

    /** The embedding of a {@code width × height} GRAY8 image. */
    float[] embed(int width, int height, byte[] pixels);

    /** The provider's name as recorded in class statistics, e.g. {@code hog}. */
    String name();

    @Override
    void close();
}
