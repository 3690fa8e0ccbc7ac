package io.ferstream.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md §8, checked on the compiled production classes. */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ferstream");
    }

    @Test
    void eventContractsImportNothingOfOurs() {
        noClasses().that().resideInAPackage("io.ferstream.events..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.ferstream.platform..", "io.ferstream.registry..", "io.ferstream.kafka..", "io.ferstream.cli..")
                .check(classes);
    }

    @Test
    void registryServerDependsOnNoService() {
        noClasses().that().resideInAPackage("io.ferstream.registry..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.ferstream.platform..", "io.ferstream.events..", "io.ferstream.cli..")
                .check(classes);
    }

    @Test
    void embeddedBrokerIsStandalone() {
        noClasses().that().resideInAPackage("io.ferstream.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.ferstream.platform..", "io.ferstream.registry..", "io.ferstream.cli..")
                .check(classes);
    }

    /** The service packages; each talks to the others only through topics. */
    private static final List<String> SERVICES = List.of("fetcher", "quality", "faces", "embedder", "enhancer",
            "trainer", "classifier", "gateway");

    @Test
    void servicesNeverImportOneAnother() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service))
                    .map(s -> "io.ferstream." + s + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.ferstream." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void pureImageLogicNeverImportsKafka() {
        noClasses().that().resideInAnyPackage("io.ferstream.vision..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.ferstream.platform..",
                        "io.ferstream.events..")
                .check(classes);
    }

    /** The fetcher and the trainer both read files through these: plain Java, without OpenCV's natives. */
    @Test
    void inputFilesAndTheFer2013FormatDependOnTheJdkOnly() {
        classes().that().resideInAnyPackage("io.ferstream.vision.files..", "io.ferstream.vision.fer2013..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.ferstream.vision.files..",
                        "io.ferstream.vision.fer2013..")
                .check(classes);
    }

    @Test
    void outlierStatisticsAndEmbeddingsNeverImportKafka() {
        noClasses().that().resideInAnyPackage("io.ferstream.embedder.outliers..", "io.ferstream.embedder.embedding..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .check(classes);
    }

    @Test
    void platformDoesNotReachIntoInfraOrTheCli() {
        noClasses().that().resideInAPackage("io.ferstream.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.ferstream.registry..", "io.ferstream.kafka..", "io.ferstream.cli..")
                .check(classes);
    }
}
