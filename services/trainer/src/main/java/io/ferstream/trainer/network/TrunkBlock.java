package io.ferstream.trainer.network;

import ai.djl.nn.AbstractBlock;

/** A block of a {@link FerNetwork}'s trunk after the stem, which writes itself into the ONNX export. */
public abstract class TrunkBlock extends AbstractBlock {

    protected TrunkBlock(byte version) {
        super(version);
    }

    /** Writes the block's nodes, named after {@code name}, from {@code input}; returns its output's name. */
    abstract String write(OnnxWriter onnx, String name, String input);
}
