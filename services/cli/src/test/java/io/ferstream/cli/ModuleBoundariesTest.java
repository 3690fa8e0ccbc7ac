package io.ferstream.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.ferstream.cli.violations.RunsOnnxRuntimeItself;
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

    /** The model layer: the one place that loads and runs models (DESIGN.md §6, §8). */
    private static final String MODEL = "io.ferstream.model..";

    private static final ArchRule ONLY_THE_MODEL_LAYER_RUNS_ONNX_RUNTIME = noClasses().that().resideOutsideOfPackage(MODEL)
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl.onnxruntime..")
            .because("ONNX Runtime is wrapped once, in the model layer, so threading, offline loading and the card's "
                    + "preprocessing are the same for every model")
            .allowEmptyShould(false);

    @Test
    void onlyTheModelLayerRunsOnnxRuntime() {
        ONLY_THE_MODEL_LAYER_RUNS_ONNX_RUNTIME.check(classes);
    }

    @Test
    void theOnnxRuntimeRuleReportsAClassThatBreaksIt() {
        JavaClasses violating = new ClassFileImporter().importClasses(RunsOnnxRuntimeItself.class);
        assertThat(ONLY_THE_MODEL_LAYER_RUNS_ONNX_RUNTIME.evaluate(violating).hasViolation()).isTrue();
    }

    @Test
    void onlyTheModelLayerRunsDjlInference() {
        // training (the trainer's DJL PyTorch code) builds and fits networks; it never loads a model for prediction
        noClasses().that().resideOutsideOfPackage(MODEL)
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl.inference..", "ai.djl.repository.zoo..")
                .because("loading a model for inference (Criteria, ZooModel, Predictor) belongs to the model layer, "
                        + "which pins the engine, keeps DJL offline and documents thread-safety")
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void onlyTheModelLayerRunsOpenCvDnnModels() {
        noClasses().that().resideOutsideOfPackage(MODEL)
                .should().dependOnClassesThat().resideInAPackage("org.opencv.dnn..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.opencv.objdetect.FaceDetectorYN")
                .because("YuNet (OpenCV FaceDetectorYN on its DNN module) is a model, shipped and verified by the model layer")
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void theModelLayerIsPureAndVisionStaysBelowIt() {
        noClasses().that().resideInAPackage(MODEL)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.ferstream.events..")
                .because("models run the same in a stream, a CLI and a test: the model layer never imports Kafka")
                .allowEmptyShould(false)
                .check(classes);
        noClasses().that().resideInAPackage("io.ferstream.vision..")
                .should().dependOnClassesThat().resideInAPackage(MODEL)
                .because("vision is pure image logic; the model layer builds on it, never the other way round")
                .allowEmptyShould(false)
                .check(classes);
    }
}
