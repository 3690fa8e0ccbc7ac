package io.ferstream.trainer.network;

import java.util.List;

/**
 * {@link ResNetwork}'s layout at about a sixth of its width and cost: stem 16, stages 24, 48 and 96
 * (about 0.36 M parameters, 37 M multiply-adds per image against 227 M). Built for the label-issue
 * job, which trains one network per fold of TRAIN and needs each to be cheap rather than best.
 */
public final class SmallResNetwork extends ResNetwork {

    public static final int STEM = 16;
    public static final List<Integer> STAGES = List.of(24, 48, 96);

    private static final byte VERSION = 1;

    public SmallResNetwork() {
        super(VERSION, STEM, STAGES);
    }

    @Override
    public Architecture architecture() {
        return Architecture.SMALL;
    }
}
