package io.ferstream.fetcher.publish;

import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;

/**
 * What a publish attempt does, given the run's last committed manifest: start afresh, stop because
 * the run is already published, republish it from the start ({@code force}), or resume after the
 * entries an interrupted attempt committed. A run id that belongs to another source or dataset is
 * refused.
 *
 * @param resumed the committed counts to continue from (RESUME only, else null)
 */
record ResumePlan(Kind kind, RunTally resumed) {

    enum Kind { FRESH, ALREADY_PUBLISHED, REPUBLISH, RESUME }

    /**
     * @param prior the run's last committed manifest, or null for a new run
     * @throws IllegalArgumentException when the run id already belongs to another source or dataset
     */
    static ResumePlan of(RunManifest prior, String runId, String source, String dataset, boolean force) {
        if (prior == null) {
            return new ResumePlan(Kind.FRESH, null);
        }
        if (!prior.getSource().equals(source) || !prior.getDataset().equals(dataset)) {
            throw new IllegalArgumentException("run id " + runId + " already belongs to " + prior.getDataset()
                    + " from " + prior.getSource() + " (" + prior.getStatus() + "); choose another --run-id");
        }
        boolean done = prior.getStatus() == RunStatus.PUBLISHED || prior.getStatus() == RunStatus.COMPLETED;
        if (done) {
            return new ResumePlan(force ? Kind.REPUBLISH : Kind.ALREADY_PUBLISHED, null);
        }
        return new ResumePlan(Kind.RESUME, RunTally.restore(prior));
    }
}
