package io.ferstream.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelMapTest {

    @ParameterizedTest
    @CsvSource({
            "angry, ANGRY", "Anger, ANGRY", "ANGRY, ANGRY",
            "disgust, DISGUST", "Disgusted, DISGUST",
            "fear, FEAR", "fearful, FEAR", "Afraid, FEAR",
            "happy, HAPPY", "Happiness, HAPPY",
            "sad, SAD", "SADNESS, SAD",
            "surprise, SURPRISE", "surprised, SURPRISE",
            "neutral, NEUTRAL", "'  Neutral ', NEUTRAL"})
    void mapsTheUsualSpellingsCaseInsensitively(String name, Emotion expected) {
        assertThat(LabelMap.standard().resolve(name)).isEqualTo(new LabelMap.Labeled(expected));
    }

    @Test
    void usesFerOrderNotAlphabeticalOrder() {
        // The seed's folder loaders used alphabetical indices: neutral=4, sad=5, surprise=6.
        assertThat(((LabelMap.Labeled) LabelMap.standard().resolve("sad")).emotion().ordinal()).isEqualTo(4);
        assertThat(((LabelMap.Labeled) LabelMap.standard().resolve("surprise")).emotion().ordinal()).isEqualTo(5);
        assertThat(((LabelMap.Labeled) LabelMap.standard().resolve("neutral")).emotion().ordinal()).isEqualTo(6);
    }

    @Test
    void contemptIsSkippedAndOtherNamesAreUnknown() {
        assertThat(LabelMap.standard().resolve("Contempt")).isInstanceOf(LabelMap.Skipped.class);
        assertThat(((LabelMap.Skipped) LabelMap.standard().resolve("contempt")).why()).contains("not one of the 7 FER");
        assertThat(LabelMap.standard().resolve("confused")).isInstanceOf(LabelMap.Unknown.class);
        assertThat(LabelMap.standard().resolve("1")).isInstanceOf(LabelMap.Unknown.class);
        assertThat(LabelMap.standard().resolve(null)).isInstanceOf(LabelMap.Unknown.class);
    }

    @ParameterizedTest
    @CsvSource({"1, SURPRISE", "2, FEAR", "3, DISGUST", "4, HAPPY", "5, SAD", "6, ANGRY", "7, NEUTRAL", "happy, HAPPY"})
    void rafDbNumbersFollowRafsOwnCodes(String name, Emotion expected) {
        assertThat(LabelMap.rafDb().resolve(name)).isEqualTo(new LabelMap.Labeled(expected));
    }

    @ParameterizedTest
    @CsvSource({
            "Training_10118481.jpg, test, TRAIN",
            "PublicTest_99.jpg, test, VALIDATION",
            "PrivateTest_12.png, train, TEST",
            "img001.jpg, train, TRAIN",
            "img001.jpg, Test, TEST",
            "img001.jpg, validation, VALIDATION",
            "img001.jpg, whatever, "})
    void splitComesFromTheFileNamePrefixThenTheFolderElseNone(String file, String top, Split expected) {
        assertThat(SplitRules.declared(java.util.List.of(top, "angry"), file)).isEqualTo(expected);
    }
}
