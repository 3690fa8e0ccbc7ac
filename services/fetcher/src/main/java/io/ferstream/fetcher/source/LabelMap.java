package io.ferstream.fetcher.source;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.ferstream.events.Emotion;

/**
 * Maps a dataset's class names (folder names, label codes) to the FER labels, whatever the
 * dataset's own order. Never alphabetical: the seed's folder loaders mapped names alphabetically
 * (4 = neutral, 5 = sad, 6 = surprise) while FER says 4 = Sad, 5 = Surprise, 6 = Neutral.
 *
 * <p>Names are matched case-insensitively, ignoring surrounding blanks. A name can also be
 * declared skipped (contempt: a real class that FER lacks); anything else is unknown. Both are
 * reported as dead letters by the readers, never dropped silently.
 */
public final class LabelMap {

    /** What a class name means. */
    public sealed interface Resolution permits Labeled, Skipped, Unknown {
    }

    public record Labeled(Emotion emotion) implements Resolution {
    }

    public record Skipped(String why) implements Resolution {
    }

    public record Unknown() implements Resolution {
    }

    private static final Unknown UNKNOWN = new Unknown();

    private final String name;
    private final Map<String, Emotion> labels;
    private final Map<String, String> skipped;

    private LabelMap(String name, Map<String, Emotion> labels, Map<String, String> skipped) {
        this.name = name;
        this.labels = Map.copyOf(labels);
        this.skipped = Map.copyOf(skipped);
    }

    /** A short name for listings, e.g. "emotion names". */
    public String name() {
        return name;
    }

    /**
     * The usual spellings: angry/anger, disgust/disgusted, fear/fearful/afraid, happy/happiness,
     * sad/sadness, surprise/surprised, neutral; contempt is skipped.
     */
    public static LabelMap standard() {
        return builder().named("emotion names (contempt skipped)")
                .label(Emotion.ANGRY, "angry", "anger")
                .label(Emotion.DISGUST, "disgust", "disgusted")
                .label(Emotion.FEAR, "fear", "fearful", "afraid")
                .label(Emotion.HAPPY, "happy", "happiness")
                .label(Emotion.SAD, "sad", "sadness")
                .label(Emotion.SURPRISE, "surprise", "surprised")
                .label(Emotion.NEUTRAL, "neutral")
                .skip("contempt is not one of the 7 FER classes", "contempt")
                .build();
    }

    /**
     * RAF-DB: the standard names plus its numbered folders (1 Surprise, 2 Fear, 3 Disgust,
     * 4 Happiness, 5 Sadness, 6 Anger, 7 Neutral: RAF's basic-emotion codes, not FER's).
     */
    public static LabelMap rafDb() {
        return standard().toBuilder().named("RAF codes 1-7 + emotion names")
                .label(Emotion.SURPRISE, "1")
                .label(Emotion.FEAR, "2")
                .label(Emotion.DISGUST, "3")
                .label(Emotion.HAPPY, "4")
                .label(Emotion.SAD, "5")
                .label(Emotion.ANGRY, "6")
                .label(Emotion.NEUTRAL, "7")
                .build();
    }

    /**
     * KDEF's two-letter emotion codes in its file names (AF afraid, AN angry, DI disgusted, HA happy,
     * NE neutral, SA sad, SU surprised), plus the standard names.
     */
    public static LabelMap kdef() {
        return standard().toBuilder().named("KDEF codes AF AN DI HA NE SA SU")
                .label(Emotion.FEAR, "af").label(Emotion.ANGRY, "an").label(Emotion.DISGUST, "di")
                .label(Emotion.HAPPY, "ha").label(Emotion.NEUTRAL, "ne").label(Emotion.SAD, "sa")
                .label(Emotion.SURPRISE, "su")
                .build();
    }

    /**
     * JAFFE's two-letter codes in its file names (AN anger, DI disgust, FE fear, HA happiness,
     * NE neutral, SA sadness, SU surprise), plus the standard names.
     */
    public static LabelMap jaffe() {
        return standard().toBuilder().named("JAFFE codes AN DI FE HA NE SA SU")
                .label(Emotion.ANGRY, "an").label(Emotion.DISGUST, "di").label(Emotion.FEAR, "fe")
                .label(Emotion.HAPPY, "ha").label(Emotion.NEUTRAL, "ne").label(Emotion.SAD, "sa")
                .label(Emotion.SURPRISE, "su")
                .build();
    }

    /** ExpW's expression labels 0..6 in label.lst, which are FER's order (0 angry … 6 neutral). */
    public static LabelMap expw() {
        Builder builder = standard().toBuilder().named("ExpW codes 0-6 (FER order)");
        for (Emotion emotion : Emotion.values()) {
            builder.label(emotion, Integer.toString(emotion.ordinal()));
        }
        return builder.build();
    }

    public Resolution resolve(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        String key = normalize(name);
        Emotion emotion = labels.get(key);
        if (emotion != null) {
            return new Labeled(emotion);
        }
        String why = skipped.get(key);
        return why != null ? new Skipped(why) : UNKNOWN;
    }

    /** The names that map to FER labels, for listings. */
    public Map<String, Emotion> labels() {
        return new LinkedHashMap<>(labels);
    }

    public Map<String, String> skipped() {
        return new LinkedHashMap<>(skipped);
    }

    public Builder toBuilder() {
        Builder builder = new Builder().named(name);
        builder.labels.putAll(labels);
        builder.skipped.putAll(skipped);
        return builder;
    }

    public static Builder builder() {
        return new Builder();
    }

    static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** Collects names; a name may be declared once only. */
    public static final class Builder {
        private final Map<String, Emotion> labels = new HashMap<>();
        private final Map<String, String> skipped = new HashMap<>();
        private String name = "custom";

        public Builder named(String newName) {
            this.name = Objects.requireNonNull(newName, "name");
            return this;
        }

        public Builder label(Emotion emotion, String... names) {
            Objects.requireNonNull(emotion, "emotion");
            for (String name : names) {
                String key = normalize(name);
                labels.put(key, emotion);
                skipped.remove(key);
            }
            return this;
        }

        public Builder skip(String why, String... names) {
            for (String name : names) {
                String key = normalize(name);
                skipped.put(key, why);
                labels.remove(key);
            }
            return this;
        }

        public LabelMap build() {
            return new LabelMap(name, labels, skipped);
        }
    }
}
