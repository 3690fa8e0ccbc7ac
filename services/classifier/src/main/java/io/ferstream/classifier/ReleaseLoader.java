package io.ferstream.classifier;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.ferstream.events.ModelRelease;
import io.ferstream.model.FerClasses;
import io.ferstream.model.ModelCard;
import io.ferstream.model.ModelCardException;
import io.ferstream.model.ModelCards;
import io.ferstream.model.Task;
import io.ferstream.model.onnx.Classifier;
import io.ferstream.platform.files.Sha256;

/**
 * Turns a {@link ModelRelease} from {@code fer.models} into a servable {@link LiveModel}, or refuses it
 * with the reason: the file is fetched from the release's {@code file:} location, its sha256 must be
 * the release's, the card must parse and describe that file, the model must be a classifier of the
 * seven FER classes in FER order and must run on its card's input. Nothing is served from a release
 * that fails a check; the caller keeps its model.
 */
final class ReleaseLoader {

    /** Why a release was not served; the {@code reason} tag of {@code fer_classifier_model_releases_total}. */
    enum Refusal {
        /** Not a {@code file:} URI (or not a URI at all). */
        LOCATION,
        /** The location names no readable file. */
        MISSING_FILE,
        /** The file's sha256 is not the release's. */
        SHA256,
        /** The card does not parse, or does not describe this file or this model name. */
        CARD,
        /** ONNX Runtime cannot load the file. */
        ONNX,
        /** Not a classifier of the 7 FER classes in FER order, or it does not run on its card's input. */
        CONTRACT,
        /** Not newer than the model serving (release time, then version). */
        NOT_NEWER,
        /** The record on the topic is not a readable release. */
        RECORD;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A release that is not served, and why. */
    static final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        RefusedException(Refusal refusal, String message, Throwable cause) {
            super(message, cause);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }

    private ReleaseLoader() {
    }

    /** The release's model, checked and loaded beside whatever is serving; the caller closes it. */
    static LiveModel load(ModelRelease release) {
        Path file = file(release.getLocation());
        String sha256;
        try {
            sha256 = Sha256.of(file);
        } catch (IOException e) {
            throw new RefusedException(Refusal.MISSING_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!sha256.equals(release.getSha256())) {
            throw new RefusedException(Refusal.SHA256, file + " has sha256 " + sha256 + ", the release says " + release.getSha256(),
                    null);
        }
        ModelCard card;
        try {
            card = ModelCards.parse(release.getCard());
            ModelCards.verify(card, file);
        } catch (ModelCardException e) {
            // A preprocessing step the model layer does not know is an input the classifier cannot serve.
            throw new RefusedException(e.field().startsWith("preprocessing") ? Refusal.CONTRACT : Refusal.CARD, e.getMessage(), e);
        }
        if (card.name() != null && !card.name().equals(release.getName())) {
            throw new RefusedException(Refusal.CARD, "the card names model " + card.name() + ", the release " + release.getName(),
                    null);
        }
        if (card.taskOrDefault() != Task.CLASSIFIER) {
            throw new RefusedException(Refusal.CONTRACT, "the card's task is " + card.taskOrDefault() + ", not a classifier", null);
        }
        if (card.classes() != null && !card.classes().equals(FerClasses.NAMES)) {
            throw new RefusedException(Refusal.CONTRACT, "the card's classes " + card.classes() + " are not FER's " + FerClasses.NAMES,
                    null);
        }
        Classifier classifier;
        try {
            classifier = Classifier.load(file, card.preprocessing());
        } catch (RuntimeException e) {
            throw new RefusedException(Refusal.ONNX, "cannot load " + file + ": " + e.getMessage(), e);
        }
        try {
            return LiveModel.checked(release.getName(), release.getVersion(), release.getReleasedAt(), classifier);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(Refusal.CONTRACT, e.getMessage(), e);
        }
    }

    /** The local file a release points at: {@code file:} URIs only, the file must exist. */
    static Path file(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new RefusedException(Refusal.LOCATION, "location '" + location + "' is not a URI: " + e.getMessage(), e);
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new RefusedException(Refusal.LOCATION, "location '" + location + "': only file: URIs are fetched (the scheme is "
                    + uri.getScheme() + ")", null);
        }
        Path file;
        try {
            file = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(Refusal.LOCATION, "location '" + location + "' is not a local file: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(file)) {
            throw new RefusedException(Refusal.MISSING_FILE, "location " + file + " does not exist or is not a file", null);
        }
        return file;
    }
}
