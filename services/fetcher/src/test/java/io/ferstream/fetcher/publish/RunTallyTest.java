package io.ferstream.fetcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.RunManifest;
import io.ferstream.events.RunStatus;
import io.ferstream.events.Split;
import io.ferstream.fetcher.source.RejectReason;
import org.junit.jupiter.api.Test;

class RunTallyTest {

    @Test
    void countsPerSplitClassAndReason() {
        RunTally tally = new RunTally();
        tally.countImage(Split.TRAIN, Emotion.HAPPY);
        tally.countImage(Split.TRAIN, Emotion.HAPPY);
        tally.countImage(Split.TEST, Emotion.NEUTRAL);
        tally.countImage(Split.LIVE, null);
        tally.countRejection(RejectReason.BAD_LABEL);
        tally.countRejection(RejectReason.SKIPPED_CLASS);
        tally.countRejection(RejectReason.BAD_LABEL);

        assertThat(tally.images()).isEqualTo(4);
        assertThat(tally.deadLetters()).isEqualTo(3);
        assertThat(tally.entries()).isEqualTo(7);
        assertThat(tally.splitCounts()).isEqualTo(Map.of("TRAIN", 2L, "TEST", 1L, "LIVE", 1L));
        assertThat(tally.classCounts()).isEqualTo(Map.of("TRAIN/HAPPY", 2L, "TEST/NEUTRAL", 1L, "LIVE/UNLABELED", 1L));
        assertThat(tally.deadLettersByReason()).isEqualTo(Map.of("bad-label", 2L, "skipped-class", 1L));
        RunTally copy = tally.copy();
        tally.countImage(Split.TRAIN, Emotion.SAD);
        assertThat(copy.images()).isEqualTo(4);
    }

    @Test
    void restoresFromAManifestToResume() {
        RunManifest manifest = new RunManifest("r", "fer2013", "f.csv", RunStatus.CANCELLED, null, 3L, 2L,
                Map.of("TRAIN", 2L, "VALIDATION", 1L), Map.of("TRAIN/ANGRY", 2L, "VALIDATION/FEAR", 1L),
                Instant.EPOCH, Instant.EPOCH, null, null);
        RunTally tally = RunTally.restore(manifest);
        assertThat(tally.entries()).isEqualTo(5);
        assertThat(tally.classCounts()).isEqualTo(manifest.getClassCounts());
        assertThat(tally.splitCounts()).isEqualTo(manifest.getSplitCounts());
        assertThat(tally.deadLettersByReason()).isEqualTo(Map.of("earlier-attempt", 2L));
    }
}
