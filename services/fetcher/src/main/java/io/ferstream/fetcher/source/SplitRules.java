package io.ferstream.fetcher.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ferstream.events.Split;

/**
 * Which split an image file belongs to. First the FER2013 file-name prefix that Kaggle's msambare
 * copy keeps ({@code Training_} → TRAIN, {@code PublicTest_} → VALIDATION, {@code PrivateTest_} →
 * TEST), then the nearest folder named like a split ({@code train}/{@code training} → TRAIN,
 * {@code val}/{@code valid}/{@code validation} → VALIDATION, {@code test}/{@code testing} → TEST),
 * else none (the caller decides: TRAIN for a plain folder). So msambare's {@code test/} folder keeps its PublicTest/PrivateTest distinction.
 *
 * <p>Datasets without their own split are split {@link #bySubject by person} when they name the
 * people (no one in two splits), else {@link #byContent by content hash}; both 80/10/10 and stable
 * across runs and machines.
 */
public final class SplitRules {

    private SplitRules() {
    }

    /**
     * The split the file's name or folders declare, or null when they declare none.
     *
     * @param folders  the folders from the source root down to the file's parent
     * @param fileName the file's name
     */
    public static Split declared(List<String> folders, String fileName) {
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
        return null;
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

    /**
     * TRAIN, VALIDATION or TEST for each subject: subjects ordered by the SHA-256 of their name, the
     * first tenth (at least one, from 3 subjects on) TEST, the next tenth VALIDATION, the rest TRAIN.
     * Ranks rather than hash buckets so that a set of 10 people (JAFFE) still gets a test person.
     */
    public static Map<String, Split> bySubject(Collection<String> subjects) {
        List<String> ordered = subjects.stream().distinct()
                .sorted(Comparator.comparing((String s) -> hex(sha256(s.getBytes(StandardCharsets.UTF_8)))).thenComparing(s -> s))
                .toList();
        int held = ordered.size() >= 3 ? Math.max(1, (int) Math.round(ordered.size() * 0.1)) : 0;
        Map<String, Split> splits = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            splits.put(ordered.get(i), i < held ? Split.TEST : i < 2 * held ? Split.VALIDATION : Split.TRAIN);
        }
        return splits;
    }

    /** The split of a file by its bytes' SHA-256: first byte mod 10 = 0 TEST, 1 VALIDATION, else TRAIN. */
    public static Split byContent(byte[] bytes) {
        int bucket = (sha256(bytes)[0] & 0xff) % 10;
        return bucket == 0 ? Split.TEST : bucket == 1 ? Split.VALIDATION : Split.TRAIN;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
