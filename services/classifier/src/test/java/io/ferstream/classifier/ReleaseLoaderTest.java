package io.ferstream.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.ferstream.events.ModelRelease;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCards;
import io.ferstream.model.Task;
import io.ferstream.platform.files.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reason a release is refused, and the release that is served. */
class ReleaseLoaderTest {

    @TempDir
    Path dir;

    private Path notAModel() throws IOException {
        return Files.writeString(dir.resolve("model.onnx"), "not an ONNX file");
    }

    private static void refused(ModelRelease release, ReleaseLoader.Refusal reason, String message) {
        assertThatThrownBy(() -> ReleaseLoader.load(release)).isInstanceOfSatisfying(ReleaseLoader.RefusedException.class,
                e -> {
                    assertThat(e.refusal()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void onlyFileLocationsAreFetched() throws IOException {
        ModelRelease good = PeerModel.release(notAModel(), "2", Instant.now());
        refused(ModelRelease.newBuilder(good).setLocation("https://example.org/model.onnx").build(), ReleaseLoader.Refusal.LOCATION,
                "only file: URIs are fetched (the scheme is https)");
        refused(ModelRelease.newBuilder(good).setLocation("model.onnx").build(), ReleaseLoader.Refusal.LOCATION, "scheme is null");
        refused(ModelRelease.newBuilder(good).setLocation("file:// bad").build(), ReleaseLoader.Refusal.LOCATION, "is not a URI");
    }

    @Test
    void aMissingFileIsRefused() throws IOException {
        ModelRelease good = PeerModel.release(notAModel(), "2", Instant.now());
        refused(ModelRelease.newBuilder(good).setLocation(dir.resolve("gone.onnx").toUri().toString()).build(),
                ReleaseLoader.Refusal.MISSING_FILE, "does not exist");
    }

    @Test
    void aFileWhoseSha256IsNotTheReleasesIsRefused() throws IOException {
        ModelRelease good = PeerModel.release(notAModel(), "2", Instant.now());
        refused(ModelRelease.newBuilder(good).setSha256("0".repeat(64)).build(), ReleaseLoader.Refusal.SHA256,
                "the release says " + "0".repeat(64));
    }

    @Test
    void aCardThatDoesNotParseOrDescribeTheFileIsRefused() throws IOException {
        Path file = notAModel();
        ModelRelease good = PeerModel.release(file, "2", Instant.now());
        refused(ModelRelease.newBuilder(good).setCard("{not json").build(), ReleaseLoader.Refusal.CARD, "not JSON");
        refused(ModelRelease.newBuilder(good).setCard(good.getCard().replace(Sha256.of(file), "1".repeat(64))).build(),
                ReleaseLoader.Refusal.CARD, "does not match its card");
        refused(ModelRelease.newBuilder(good).setName("another").build(), ReleaseLoader.Refusal.CARD,
                "the card names model " + PeerModel.NAME + ", the release another");
    }

    @Test
    void aModelOutsideTheClassifiersInputContractIsRefused() throws IOException {
        Path file = notAModel();
        String sha256 = Sha256.of(file);
        ModelRelease good = PeerModel.release(file, "2", Instant.now());
        ModelCard reordered = ModelCard.of(PeerModel.NAME, Task.CLASSIFIER, "model.onnx", sha256, PeerModel.CONTRACT)
                .withModel(null, List.of("Happy", "Angry", "Disgust", "Fear", "Sad", "Surprise", "Neutral"), null, null);
        refused(ModelRelease.newBuilder(good).setCard(ModelCards.toJson(reordered)).build(), ReleaseLoader.Refusal.CONTRACT,
                "are not FER's");
        ModelCard detector = ModelCard.of(PeerModel.NAME, Task.DETECTOR, "model.onnx", sha256, PeerModel.CONTRACT);
        refused(ModelRelease.newBuilder(good).setCard(ModelCards.toJson(detector)).build(), ReleaseLoader.Refusal.CONTRACT,
                "not a classifier");
        refused(ModelRelease.newBuilder(good).setCard(good.getCard().replace("\"mean\"", "\"gamma\"")).build(),
                ReleaseLoader.Refusal.CONTRACT, "preprocessing.gamma");
        refused(ModelRelease.newBuilder(good).setCard(good.getCard().replace("\"NHWC\"", "\"CHW\"")).build(),
                ReleaseLoader.Refusal.CONTRACT, "preprocessing.layout");
    }

    @Test
    void aFileOnnxRuntimeCannotReadIsRefused() throws IOException {
        refused(PeerModel.release(notAModel(), "2", Instant.now()), ReleaseLoader.Refusal.ONNX, "cannot load");
    }

    @Test
    void aGoodReleaseIsServedUnderItsNameVersionAndReleaseTime() throws IOException {
        Path card = PeerModel.cardIn(dir);
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        try (LiveModel model = ReleaseLoader.load(PeerModel.release(card.resolveSibling("model.onnx"), "2", at))) {
            assertThat(model.name()).isEqualTo(PeerModel.NAME);
            assertThat(model.version()).isEqualTo("2");
            assertThat(model.releasedAt()).isEqualTo(at);
            assertThat(model.classifier().contract()).isEqualTo(PeerModel.CONTRACT);
        }
    }
}
