package io.ferstream.fetcher.source;

import java.util.List;
import java.util.Locale;

import io.ferstream.events.Split;

/**
 * Which split an image file belongs to. First the FER2013 file-name prefix that Kaggle's msambare
 * copy keeps ({@code Training_} → TRAIN, {@code PublicTest_} → VALIDATION, {@code PrivateTest_} →
 * TEST), then the nearest folder named like a split ({@code train}/{@code training} → TRAIN,
 * {@code val}/{@code valid}/{@code validation} → VALIDATION, {@code test}/{@code testing} → TEST),
 * else TRAIN. So msambare's {@code test/} folder keeps its PublicTest/PrivateTest distinction.
 */
public final class SplitRules {

    private SplitRules() {
    }

    /**
     * @param folders  the folders from the source root down to the file's parent
     * @param fileName the file's name
     */
    public static Split of(List<String> folders, String fileName) {
        Split byName = byFileName(fileName);
        if (byName != null) {
            return byName;
        }
        for (int i = folders.size() - 1; i >= 0; i--) {
            Split byFolder = byFolderName(folders.get(i));
            if (byFolder != null) {
                return byFolder;
            }
        }
        return Split.TRAIN;
    }

    static Split byFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.startsWith("training_")) {
            return Split.TRAIN;
        }
        if (name.startsWith("publictest_")) {
            return Split.VALIDATION;
        }
        if (name.startsWith("privatetest_")) {
            return Split.TEST;
        }
        return null;
    }

    static Split byFolderName(String folder) {
        return switch (folder.strip().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> Split.TRAIN;
            case "val", "valid", "validation" -> Split.VALIDATION;
            case "test", "testing" -> Split.TEST;
            default -> null;
        };
    }
}
