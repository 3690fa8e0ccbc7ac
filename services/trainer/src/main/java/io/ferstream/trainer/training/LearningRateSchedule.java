package io.ferstream.trainer.training;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * The learning rate epoch by epoch: the recipe's {@link PlateauSchedule}, which also decides early
 * stopping under either rule, or a {@link CosineSchedule} to the last epoch in its place.
 */
final class LearningRateSchedule {

    private final PlateauSchedule plateau;
    private final TrainConfig.LrSchedule rule;
    /** The decay in force; null under the plateau rule. */
    private final CosineSchedule cosine;
    // Read by the optimiser on every update.
    private volatile float rate;

    /** @param resumed the checkpoint a resumed run goes on from; null for a fresh run */
    LearningRateSchedule(TrainConfig config, Checkpoint.State resumed) {
        this.plateau = new PlateauSchedule(config.learningRate(), config.lrPatience(), config.lrFactor(),
                config.minLearningRate(), config.stopPatience(), config.stopMinDelta());
        this.rate = config.learningRate();
        if (resumed != null) {
            plateau.restore(resumed.schedule());
            rate = (float) plateau.learningRate();
        }
        CosineSchedule kept = resumed == null ? null : resumed.cosine();
        this.rule = config.lrSchedule() != null ? config.lrSchedule()
                : kept != null ? TrainConfig.LrSchedule.COSINE : TrainConfig.LrSchedule.PLATEAU;
        if (rule == TrainConfig.LrSchedule.COSINE) {
            int next = resumed == null ? 1 : resumed.epoch() + 1;
            // The rate in force: a resumed decay's own, else the plateau rule's (the configured one when fresh);
            // a warm restart starts from the configured rate instead.
            boolean restart = resumed != null && config.restartLearningRate();
            double base = restart ? config.learningRate() : kept != null ? kept.rate(next) : rate;
            // A killed decay goes on along its span; a new --epochs or a restart starts a new decay.
            cosine = !restart && kept != null && kept.end() == config.epochs()
                    ? kept
                    : new CosineSchedule(next, Math.max(next, config.epochs()), base, Math.min(config.minLearningRate(), base));
        } else {
            if (resumed != null && config.restartLearningRate()) {
                // Silently going on from the plateau rule's own rate would ignore what the user asked for.
                throw new InvalidConfigException("learning-rate", config.learningRate(),
                        "a warm restart on --resume needs --lr-schedule COSINE; the plateau rule goes on from its own rate");
            }
            cosine = null;
        }
    }

    TrainConfig.LrSchedule rule() {
        return rule;
    }

    /** The rate the optimiser uses now. */
    float rate() {
        return rate;
    }

    /** Sets the rate for {@code epoch}, the first this run trains. */
    void startAt(int epoch) {
        if (cosine != null) {
            rate = (float) cosine.rate(epoch);
        }
    }

    /** Feeds the epoch's validation loss to the plateau rule and sets the next epoch's rate. */
    PlateauSchedule.Step onEpochEnd(int epoch, double validationLoss) {
        PlateauSchedule.Step step = plateau.onEpochEnd(validationLoss);
        rate = (float) (cosine != null ? cosine.rate(epoch + 1) : step.learningRate());
        return step;
    }

    /** Whether early stopping has ended the run. */
    boolean stopped() {
        return plateau.stopped();
    }

    /** The plateau rule's state, for the checkpoint. */
    double[] plateauState() {
        return plateau.state();
    }

    CosineSchedule cosine() {
        return cosine;
    }
}
