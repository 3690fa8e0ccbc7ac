package io.ferstream.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A model shipped as resources of this module ({@code io/ferstream/model/<dir>/}: the {@code .onnx}
 * file, its {@code card.json}, {@code LICENSE} and {@code <file>.sha256}), extracted to a temporary
 * folder because native runtimes (OpenCV) need a path, and verified against its card's sha256.
 *
 * @param card  the verified card
 * @param model the extracted model file (deleted when the JVM exits)
 */
public record ShippedModel(ModelCard card, Path model) {

    /** The resource folder of the shipped YuNet. */
    public static final String YUNET_DIR = "yunet";
    /** The resource folder of the default FER classifier, trained by this project's {@code fer train}. */
    public static final String FER_CLASSIFIER_DIR = "fer-classifier";

    /** Extracted models (or the failure) by resource folder: each is extracted and verified once per JVM. */
    private static final ConcurrentMap<String, Object> EXTRACTED = new ConcurrentHashMap<>();

    /**
     * The shipped YuNet, extracted and verified once per JVM.
     *
     * @throws ModelCardException when the resources are missing or the file does not match its card
     */
    public static ShippedModel yunet() {
        return once(YUNET_DIR);
    }

    /**
     * The default FER classifier, extracted and verified once per JVM.
     *
     * @throws ModelCardException when the resources are missing or the file does not match its card
     */
    public static ShippedModel ferClassifier() {
        return once(FER_CLASSIFIER_DIR);
    }

    /** The card file beside the extracted model. */
    public Path cardFile() {
        return model.resolveSibling(ModelCards.CARD_FILE);
    }

    private static ShippedModel once(String dir) {
        Object extracted = EXTRACTED.computeIfAbsent(dir, d -> {
            try {
                return extract(d);
            } catch (ModelCardException e) {
                return e; // kept, so every caller gets the same reason
            }
        });
        if (extracted instanceof ModelCardException failure) {
            throw failure;
        }
        return (ShippedModel) extracted;
    }

    /** Extracts the model in resource folder {@code dir} to a new temporary folder and verifies it. */
    static ShippedModel extract(String dir) {
        String base = "/io/ferstream/model/" + dir + "/";
        try {
            Path folder = Files.createTempDirectory("fer-model-" + dir);
            folder.toFile().deleteOnExit(); // registered first, so deleted after the files in it
            Path cardFile = copy(base + ModelCards.CARD_FILE, folder.resolve(ModelCards.CARD_FILE));
            ModelCard card = ModelCards.read(cardFile);
            Path model = copy(base + card.onnx(), ModelCards.modelFile(cardFile, card));
            ModelCards.verify(card, model);
            return new ShippedModel(card, model);
        } catch (IOException e) {
            throw new ModelCardException("onnx", "cannot extract the shipped model " + base + ": " + e.getMessage(), e);
        }
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = ShippedModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is not on the classpath");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        to.toFile().deleteOnExit();
        return to;
    }
}
