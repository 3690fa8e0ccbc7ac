package io.ferstream.fetcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The fetcher's pure logic (readers, label maps, Kaggle, datasets) never touches Kafka. */
class FetcherBoundariesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferstream.fetcher");

    @Test
    void pureLogicNeverImportsKafkaOrThePublisher() {
        noClasses().that().resideInAnyPackage("io.ferstream.fetcher.source..",
                        "io.ferstream.fetcher.kaggle..", "io.ferstream.fetcher.datasets..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.ferstream.platform..",
                        "io.ferstream.fetcher.publish..", "io.micrometer..")
                .check(CLASSES);
    }
}
