package io.ferstream.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** How the trainer's packages may depend on one another, checked on the compiled production classes. */
class TrainerPackagesTest {

    private static final JavaClasses TRAINER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferstream.trainer");

    @Test
    void theNetworksKnowNothingOfCommandsOrKafka() {
        noClasses().that().resideInAPackage("io.ferstream.trainer.network..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "picocli..", "io.ferstream.events..")
                .orShould().dependOnClassesThat().resideInAPackage("io.ferstream.trainer")
                .because("a network is built, trained and exported the same from a command, a pipeline run or a test; "
                        + "commands and topics sit above it")
                .allowEmptyShould(false)
                .check(TRAINER);
    }
}
