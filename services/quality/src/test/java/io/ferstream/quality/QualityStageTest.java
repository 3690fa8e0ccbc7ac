package io.ferstream.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QualityStageTest {

    @Test
    void theStageDeclaresEveryReasonItsJudgeFailsWithSoTheirCountersStartAtZero() {
        QualityCommand command = new QualityCommand();
        new CommandLine(command).parseArgs();

        assertThat(QualityStage.spec(command.stage.toConfig(command.connection.toConfig(), QualityStage.NAME)).failureReasons())
                .containsExactlyElementsOf(QualityJudge.REASONS)
                .containsExactly("blur", "brightness", "contrast", "edge_density");
    }
}
