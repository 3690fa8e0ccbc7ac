package io.ferstream.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import org.junit.jupiter.api.Test;

class ResumePlanTest {

    @Test
    void aNewRunStartsAfresh() {
        assertThat(ResumePlan.of(null, "r1", "fer2013.csv", "fer2013", false)).isEqualTo(new ResumePlan(ResumePlan.Kind.FRESH, null));
    }

    @Test
    void aPublishedRunIsLeftAloneUnlessForced() {
        for (RunStatus done : new RunStatus[] {RunStatus.PUBLISHED, RunStatus.COMPLETED}) {
            assertThat(ResumePlan.of(manifest(done), "r1", "fer2013.csv", "fer2013", false).kind())
                    .isEqualTo(ResumePlan.Kind.ALREADY_PUBLISHED);
            assertThat(ResumePlan.of(manifest(done), "r1", "fer2013.csv", "fer2013", true).kind())
                    .isEqualTo(ResumePlan.Kind.REPUBLISH);
        }
    }

    @Test
    void anInterruptedRunResumesAfterItsCommittedEntries() {
        for (RunStatus interrupted : new RunStatus[] {RunStatus.STARTED, RunStatus.PUBLISHING, RunStatus.FAILED,
                RunStatus.CANCELLED}) {
            ResumePlan plan = ResumePlan.of(manifest(interrupted), "r1", "fer2013.csv", "fer2013", true);
            assertThat(plan.kind()).isEqualTo(ResumePlan.Kind.RESUME);
            assertThat(plan.resumed().images()).isEqualTo(3);
            assertThat(plan.resumed().deadLetters()).isEqualTo(2);
            assertThat(plan.resumed().entries()).isEqualTo(5);
        }
    }

    @Test
    void aRunIdOfAnotherSourceOrDatasetIsRefused() {
        assertThatThrownBy(() -> ResumePlan.of(manifest(RunStatus.FAILED), "r1", "other.csv", "fer2013", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run id r1 already belongs to fer2013 from fer2013.csv (FAILED); choose another --run-id");
        assertThatThrownBy(() -> ResumePlan.of(manifest(RunStatus.PUBLISHED), "r1", "fer2013.csv", "ck_plus", true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RunManifest manifest(RunStatus status) {
        return new RunManifest("r1", "fer2013", "fer2013.csv", status, null, 3L, 2L, Map.of("TRAIN", 3L),
                Map.of("TRAIN/HAPPY", 2L, "TRAIN/SAD", 1L), Instant.EPOCH, Instant.EPOCH, null, null);
    }
}
