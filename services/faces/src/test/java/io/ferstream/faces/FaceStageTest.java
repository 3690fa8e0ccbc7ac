package io.ferstream.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.SplitPolicy;
import org.junit.jupiter.api.Test;

class FaceStageTest {

    @Test
    void theStageDeclaresEveryFaceCheckReasonSoTheirCountersStartAtZero() {
        ImageStageService.Config config = new ImageStageService.Config(
                new ConnectionConfig("127.0.0.1:9092", "http://127.0.0.1:8081", ""), "fer-faces", 1, SplitPolicy.trainOnly(),
                "127.0.0.1", -1, null);

        assertThat(FaceStage.spec(config).failureReasons()).containsExactlyInAnyOrder("no_face", "multiple_faces", "face_too_small");
    }
}
