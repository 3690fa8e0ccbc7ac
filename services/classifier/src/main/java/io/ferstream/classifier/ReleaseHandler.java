package io.ferstream.classifier;

import io.ferstream.events.ModelRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the classifier does with each release read from {@code fer.models}: releases of other models
 * are passed over; a release not newer than the model serving is ignored and counted (versions only
 * move forward); any other is loaded beside the serving model ({@link ReleaseLoader}) and swapped in,
 * or refused with its reason while the serving model goes on. Called from one thread.
 */
final class ReleaseHandler {

    private static final Logger log = LoggerFactory.getLogger(ReleaseHandler.class);

    private final String modelName;
    private final ModelSlot<LiveModel> slot;
    private final ClassifierMetrics metrics;

    /** Follows the releases named {@code modelName} into {@code slot}. */
    ReleaseHandler(String modelName, ModelSlot<LiveModel> slot, ClassifierMetrics metrics) {
        this.modelName = modelName;
        this.slot = slot;
        this.metrics = metrics;
    }

    String modelName() {
        return modelName;
    }

    void handle(ModelRelease release) {
        if (!modelName.equals(release.getName())) {
            log.debug("Release {} {} is not of model {}; passed over", release.getName(), release.getVersion(), modelName);
            return;
        }
        LiveModel serving = slot.current();
        if (!serving.isOlderThan(release.getReleasedAt(), release.getVersion())) {
            refused(release, new ReleaseLoader.RefusedException(ReleaseLoader.Refusal.NOT_NEWER, "not newer than "
                    + serving.version() + " (released " + serving.releasedAt() + ")", null));
            return;
        }
        LiveModel next;
        try {
            next = ReleaseLoader.load(release);
        } catch (ReleaseLoader.RefusedException e) {
            refused(release, e);
            return;
        }
        slot.swap(next);
        metrics.modelInUse(serving, next);
        metrics.release(null);
        log.info("Model {} {} (released {}) now serves, after {}", next.name(), next.version(), next.releasedAt(),
                serving.version());
    }

    /** A topic record that is not a release at all. */
    void unreadable(String why) {
        refused(null, new ReleaseLoader.RefusedException(ReleaseLoader.Refusal.RECORD, why, null));
    }

    private void refused(ModelRelease release, ReleaseLoader.RefusedException e) {
        metrics.release(e.refusal());
        log.warn("Release {} refused ({}): {}; {} {} keeps serving",
                release == null ? "record" : release.getName() + " " + release.getVersion(), e.refusal().tag(), e.getMessage(),
                slot.current().name(), slot.current().version());
    }
}
