package io.ferstream.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.ferstream.embedder.outliers.ClassStatistics;
import io.ferstream.embedder.outliers.OnlineClassStatistics;
import io.ferstream.embedder.duplicates.DuplicateRule;
import io.ferstream.embedder.outliers.OutlierRule;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.platform.stage.SplitPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OutlierVerdictsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OutlierVerdicts verdicts = new OutlierVerdicts(new EmbedderTopology.Settings(OutlierRule.SEED,
            DuplicateRule.OFF, LabelRule.FLAG_ONLY, 3, Duration.ofMinutes(1), SplitPolicy.trainOnly(), "pixels"), new EmbedderMetrics(meters));
    /** A class around (1, 0) whose threshold is a cosine distance of 0.5. */
    private final ClassStatistics happy = new ClassStatistics(10, new double[] {1, 0}, 0.1, 0.1, 0.5, false);

    @Test
    void aTrainOutlierIsRemovedAValidationOutlierFlaggedAndATypicalImageKept() {
        Decision typical = verdicts.judge(image(Split.TRAIN), new float[] {1, 0.1f}, happy);
        assertThat(typical.toOutput()).isTrue();
        assertThat(verdict(typical).getPassed()).isTrue();
        assertThat(verdict(typical).getThresholds()).containsEntry("distance.max", 0.5);
        assertThat(typical.image().getScores()).containsKey("embedder.distance");

        Decision removed = verdicts.judge(image(Split.TRAIN), new float[] {0, 1}, happy);
        assertThat(removed.toOutput()).isFalse();
        assertThat(verdict(removed).getReason()).isEqualTo("outlier");
        assertThat(verdict(removed).getEnforced()).isTrue();

        Decision flagged = verdicts.judge(image(Split.VALIDATION), new float[] {0, 1}, happy);
        assertThat(flagged.toOutput()).isTrue();
        assertThat(verdict(flagged).getPassed()).isFalse();
        assertThat(verdict(flagged).getEnforced()).isFalse();

        assertThat(meters.counter("fer_embedder_images_typical").count()).isEqualTo(1);
        assertThat(meters.counter("fer_embedder_images_rejected", "reason", "outlier").count()).isEqualTo(1);
        assertThat(meters.counter("fer_embedder_images_flagged", "reason", "outlier").count()).isEqualTo(1);
    }

    @Test
    void aClassTooSmallOrUnknownKeepsEveryImage() {
        ClassStatistics small = new ClassStatistics(2, new double[] {1, 0}, 0, 0, 0, true);
        Decision kept = verdicts.judge(image(Split.TRAIN), new float[] {0, 1}, small);
        assertThat(kept.toOutput()).isTrue();
        assertThat(verdict(kept).getThresholds()).doesNotContainKey("distance.max");
        assertThat(verdicts.judge(image(Split.TRAIN), new float[] {0, 1}, null).toOutput()).isTrue();
    }

    @Test
    void liveImagesAreNeverOutliersBeforeTheWarmup() {
        OnlineClassStatistics stats = OnlineClassStatistics.decode(null);
        for (int i = 0; i < 3; i++) {
            OutlierVerdicts.LiveJudgement judgement = verdicts.judgeLive(image(Split.LIVE),
                    new float[] {i == 0 ? 0 : 1, i == 0 ? 1 : 0}, stats);
            assertThat(judgement.decision().toOutput()).isTrue();
            assertThat(judgement.classStats()).isNull();
        }
        assertThat(stats.count()).isEqualTo(3);
    }

    private static FaceImage image(Split split) {
        return EmbedderTopologyTest.image("r", "id", split, Emotion.HAPPY, new float[EmbedderTopologyTest.DIM]);
    }

    private static StageVerdict verdict(Decision decision) {
        return decision.image().getVerdicts().get(decision.image().getVerdicts().size() - 1);
    }
}
