package io.ferstream.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.stage.ImageStageService;
import io.ferstream.platform.stage.SplitPolicy;
import org.junit.jupiter.api.Test;

class QualityStageTest {

    @Test
    void theStageDeclaresEveryReasonItsJudgeFailsWithSoTheirCountersStartAtZero() {
        ImageStageService.Config config = new ImageStageService.Config(
                new ConnectionConfig("127.0.0.1:9092", "http://127.0.0.1:8081", ""), "fer-quality", 1, SplitPolicy.trainOnly(),
                "127.0.0.1", -1, null);

        assertThat(QualityStage.spec(config).failureReasons())
                .containsExactly("blur", "brightness", "contrast", "edge_density");
    }
}
