package io.ferstream.embedder.embedding;

import java.util.List;

import io.ferstream.model.onnx.EmbeddingModel;
import io.ferstream.vision.GrayImage;

/**
 * An {@link Embedder} backed by the model layer's {@link EmbeddingModel} (ONNX through DJL's ONNX
 * Runtime engine): one face per call, a batch of one. Owns the model; {@link #close()} frees it.
 */
public final class ModelEmbedder implements Embedder {

    private final EmbeddingModel model;
    private final String name;

    public ModelEmbedder(EmbeddingModel model, String name) {
        this.model = model;
        this.name = name;
    }

    @Override
    public float[] embed(int width, int height, byte[] pixels) {
        return model.embed(List.of(GrayImage.of(width, height, pixels)))[0];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        model.close();
    }
}
