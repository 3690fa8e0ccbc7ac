package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.ferstream.events.ModelRelease;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which releases are served: versions only move forward, refusals keep the serving model, every outcome counted. */
class ReleaseHandlerTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private double releases(String outcome, String reason) {
        return registry.get("fer_classifier_model_releases").tags("outcome", outcome, "reason", reason).counter().count();
    }

    @Test
    void versionsMoveForwardByReleaseTimeThenVersion() {
        LiveModel serving = new LiveModel("m", "b", T, null);
        assertThat(serving.isOlderThan(T.plusSeconds(1), "a")).isTrue();
        assertThat(serving.isOlderThan(T, "c")).isTrue();
        assertThat(serving.isOlderThan(T, "b")).isFalse();
        assertThat(serving.isOlderThan(T, "a")).isFalse();
        assertThat(serving.isOlderThan(T.minusSeconds(1), "z")).isFalse();
    }

    @Test
    void everyOutcomeIsCountedFromZeroAndRefusalsAndOlderReleasesKeepTheServingModel() throws IOException {
        LiveModel serving = new LiveModel(PeerModel.NAME, "2", T, null);
        ModelSlot<LiveModel> slot = new ModelSlot<>(serving);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, serving, null);
        ReleaseHandler handler = new ReleaseHandler(PeerModel.NAME, slot, metrics);
        assertThat(releases("loaded", "none")).isZero();
        for (ReleaseLoader.Refusal refusal : ReleaseLoader.Refusal.values()) {
            assertThat(releases("refused", refusal.tag())).isZero();
        }
        Path file = Files.writeString(dir.resolve("model.onnx"), "not an ONNX file");

        handler.handle(PeerModel.release(file, "1", T.minusSeconds(60)));
        handler.handle(PeerModel.release(file, "2", T));
        handler.handle(ModelRelease.newBuilder(PeerModel.release(file, "3", T.plusSeconds(60))).setSha256("0".repeat(64))
                .build());
        handler.handle(ModelRelease.newBuilder(PeerModel.release(file, "4", T.plusSeconds(60))).setName("other").build());
        handler.unreadable("offset 7: Unknown magic byte!");

        assertThat(releases("refused", "not_newer")).isEqualTo(2);
        assertThat(releases("refused", "sha256")).isEqualTo(1);
        assertThat(releases("refused", "record")).isEqualTo(1);
        assertThat(releases("loaded", "none")).isZero();
        assertThat(slot.current()).isSameAs(serving);
        assertThat(registry.scrape()).contains("fer_classifier_model_releases_total{outcome=\"refused\",reason=\"sha256\"} 1.0");
    }

    @Test
    void aNewerGoodReleaseIsSwappedInAndNamedInUse() throws IOException {
        Path card = PeerModel.cardIn(dir);
        LiveModel first = new CardModelSource(card).load();
        ModelSlot<LiveModel> slot = new ModelSlot<>(first);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, first, null);
        ModelSlot.Lease<LiveModel> poll = slot.acquire();

        new ReleaseHandler(PeerModel.NAME, slot, metrics)
                .handle(PeerModel.release(card.resolveSibling("model.onnx"), "2", T));

        assertThat(slot.current().version()).isEqualTo("2");
        assertThat(poll.model()).isSameAs(first);
        assertThat(releases("loaded", "none")).isEqualTo(1);
        assertThat(registry.scrape()).contains("fer_classifier_model_in_use{name=\"fer2013_mini_XCEPTION\",version=\"2\"} 1.0")
                .doesNotContain("version=\"peer-baseline\"");
        poll.close();
        slot.close();
    }
}
