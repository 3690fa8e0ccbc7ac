package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.Split;
import io.ferstream.events.StageVerdict;
import io.ferstream.model.Preprocessing;
import io.ferstream.platform.stage.EnhancerVerdict;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class LiveAccuracyTest {

    private static final Preprocessing SEED = Preprocessing.gray(48, Preprocessing.ClaheSettings.SEED, 0, 1, Preprocessing.Layout.NCHW);

    @Test
    void accuracyIsKeptPerSplitAndModelVersionWithSkipsCountedFromZero() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LiveAccuracy accuracy = new LiveAccuracy(registry);
        assertThat(registry.scrape()).contains("fer_classifier_labelled_skipped_total{reason=\"unlabelled\"} 0.0")
                .contains("fer_classifier_labelled_skipped_total{reason=\"preprocessing\"} 0.0");
        assertThat(accuracy.accuracy(Split.VALIDATION, "1")).isNaN();

        accuracy.record(Split.VALIDATION, "1", true);
        accuracy.record(Split.VALIDATION, "1", false);
        accuracy.record(Split.VALIDATION, "1", true);
        accuracy.record(Split.VALIDATION, "1", true);
        accuracy.record(Split.VALIDATION, "2", false);
        accuracy.record(Split.TRAIN, "1", true);
        accuracy.skipped(LiveAccuracy.Skip.UNLABELLED);

        assertThat(accuracy.accuracy(Split.VALIDATION, "1")).isEqualTo(0.75);
        assertThat(accuracy.accuracy(Split.VALIDATION, "2")).isZero();
        assertThat(accuracy.accuracy(Split.TRAIN, "1")).isEqualTo(1.0);
        assertThat(registry.scrape())
                .contains("fer_classifier_live_accuracy{model_version=\"1\",split=\"validation\"} 0.75")
                .contains("fer_classifier_live_accuracy{model_version=\"2\",split=\"validation\"} 0.0")
                .contains("fer_classifier_labelled_total{correct=\"true\",model_version=\"1\",split=\"validation\"} 3.0")
                .contains("fer_classifier_labelled_total{correct=\"false\",model_version=\"1\",split=\"validation\"} 1.0")
                .contains("fer_classifier_labelled_skipped_total{reason=\"unlabelled\"} 1.0");
    }

    private static FaceImage image(Map<String, Double> enhancerSettings) {
        FaceImage.Builder image = FaceImage.newBuilder().setId("i").setRunId("r").setDataset("fer2013").setSplit(Split.VALIDATION)
                .setLabel(Emotion.HAPPY).setWidth(48).setHeight(48).setEncoding(ImageEncoding.GRAY8)
                .setPixels(ByteBuffer.wrap(new byte[48 * 48])).setSource("s").setIngestTime(Instant.EPOCH);
        if (enhancerSettings != null) {
            image.setVerdicts(List.of(StageVerdict.newBuilder().setStage(EnhancerVerdict.STAGE).setPassed(true)
                    .setThresholds(enhancerSettings).build()));
        }
        return image.build();
    }

    @Test
    void claheIsAppliedExactlyOnce() {
        assertThat(LabelledImages.contractFor(image(null), SEED)).contains(SEED);
        Map<String, Double> seedSettings = Map.of(EnhancerVerdict.CLIP_LIMIT, 2.0, EnhancerVerdict.TILES, 8.0);
        assertThat(LabelledImages.contractFor(image(seedSettings), SEED)).contains(SEED.withoutClahe());
        assertThat(LabelledImages.contractFor(image(Map.of()), SEED)).contains(SEED.withoutClahe());
        assertThat(LabelledImages.contractFor(image(Map.of(EnhancerVerdict.CLIP_LIMIT, 3.0)), SEED)).isEmpty();
        assertThat(LabelledImages.contractFor(image(seedSettings), SEED.withoutClahe())).isEmpty();
        assertThat(LabelledImages.contractFor(image(null), SEED.withoutClahe())).contains(SEED.withoutClahe());
    }
}
