package io.ferstream.fetcher.source;

import java.util.Objects;

import io.ferstream.events.Split;
import io.ferstream.vision.FaceBox;

/**
 * One image a dataset's layout names, before it is read: the file, the class as the dataset spells
 * it, how its split is decided, and the face box the dataset's annotation gives (ExpW).
 *
 * @param file       path below the dataset root, '/'-separated
 * @param idSuffix   what follows {@code <dataset>:} in the image's id (the file, plus {@code #face=N} for ExpW)
 * @param className  the dataset's class name or code, or null when the layout finds none for the file
 * @param classFrom  where the class comes from, for messages ("class folder", "file-name code", "label.lst")
 * @param split      the dataset's own split; null = by {@code subject}, or by content hash when that is null too
 * @param subject    the person shown, when the dataset names one (CK+, JAFFE, KDEF), else null
 * @param annotated  the dataset's own box of this face, or null
 */
public record CatalogEntry(String file, String idSuffix, String className, String classFrom, Split split,
                           String subject, FaceBox annotated) {

    public CatalogEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(idSuffix, "idSuffix");
        Objects.requireNonNull(classFrom, "classFrom");
    }

    /** An entry whose id is its file. */
    public static CatalogEntry of(String file, String className, String classFrom, Split split, String subject) {
        return new CatalogEntry(file, file, className, classFrom, split, subject, null);
    }
}
