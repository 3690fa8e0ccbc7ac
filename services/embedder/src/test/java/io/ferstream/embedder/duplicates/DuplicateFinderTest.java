package io.ferstream.embedder.duplicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.ferstream.embedder.duplicates.DuplicateGroups.Reason;
import io.ferstream.events.Emotion;
import io.ferstream.events.Split;
import org.junit.jupiter.api.Test;

class DuplicateFinderTest {

    private static final long MASK = (1L << PerceptualHash.BITS) - 1;

    /** An image whose exact digest follows its hash: same hash, same pixels. */
    static HashedImage image(String id, Split split, Emotion label, long hash) {
        return new HashedImage(id, split, label, hash, hash, 0);
    }

    static long flip(long hash, int... bits) {
        for (int bit : bits) {
            hash ^= 1L << bit;
        }
        return hash;
    }

    @Test
    void findsEveryPairWithinTheDistanceAsABruteForceSearchDoes() {
        Random random = new Random(11);
        List<HashedImage> images = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long hash = random.nextLong() & MASK;
            images.add(image(String.format("img/%04d", i), Split.TRAIN, Emotion.HAPPY, hash));
            if (i % 3 == 0) {
                // A planted twin 0..8 bits away, its flipped bits anywhere (across every band).
                long twin = hash;
                int flips = random.nextInt(9);
                for (int f = 0; f < flips; f++) {
                    twin ^= 1L << random.nextInt(PerceptualHash.BITS);
                }
                images.add(image(String.format("twin/%04d", i), Split.TRAIN, Emotion.HAPPY, twin));
            }
        }
        for (int t : new int[] {0, 2, 4, 7, 12}) {
            DuplicateGroups found = DuplicateFinder.find(images, t);
            long pairs = 0;
            Set<String> inPairs = new HashSet<>();
            for (int a = 0; a < images.size(); a++) {
                for (int b = a + 1; b < images.size(); b++) {
                    if (PerceptualHash.distance(images.get(a).perceptual(), images.get(b).perceptual()) <= t) {
                        pairs++;
                        inPairs.add(images.get(a).id());
                        inPairs.add(images.get(b).id());
                    }
                }
            }
            assertThat(found.figures().pairs()).as("pairs within %d", t).isEqualTo(pairs);
            assertThat(found.members().keySet()).as("images with a twin within %d", t).isEqualTo(inPairs);
            assertThat(pairs).as("the planted twins make the case non-trivial").isGreaterThan(t == 0 ? 5 : 40);
        }
    }

    @Test
    void aTrainOnlyGroupWithOneLabelKeepsItsFirstImage() {
        long hash = 0x1234_5678_9ABCL;
        DuplicateGroups found = DuplicateFinder.find(List.of(
                image("b", Split.TRAIN, Emotion.SAD, flip(hash, 3, 40)),
                image("a", Split.TRAIN, Emotion.SAD, hash),
                image("c", Split.TRAIN, Emotion.SAD, hash),
                image("z", Split.TRAIN, Emotion.SAD, ~hash & MASK)), 4);
        assertThat(found.of("a")).isEqualTo(new DuplicateGroups.Membership(1, 3, 0, true, null));
        assertThat(found.of("b")).isEqualTo(new DuplicateGroups.Membership(1, 3, 2, false, Reason.DUPLICATE));
        assertThat(found.of("c")).isEqualTo(new DuplicateGroups.Membership(1, 3, 0, true, Reason.DUPLICATE));
        assertThat(found.of("z")).as("no twin").isNull();
        assertThat(found.figures()).isEqualTo(new DuplicateGroups.Figures(4, 1, 3, 3, 1, 0, 0, 0, 0));
    }

    @Test
    void trainImagesEqualToHeldOutImagesLeakAndTheHeldOutOneIsKept() {
        long hash = 0x0F0F_0F0F_0F0FL;
        DuplicateGroups found = DuplicateFinder.find(List.of(
                image("fer/Training/1", Split.TRAIN, Emotion.FEAR, hash),
                image("fer/Training/2", Split.TRAIN, Emotion.ANGRY, flip(hash, 60)),
                image("fer/PrivateTest/9", Split.TEST, Emotion.FEAR, flip(hash, 1, 2)),
                image("fer/PublicTest/5", Split.VALIDATION, Emotion.FEAR, flip(hash, 33))), 4);
        assertThat(found.of("fer/Training/1").reason()).isEqualTo(Reason.LEAKAGE);
        assertThat(found.of("fer/Training/2").reason()).isEqualTo(Reason.LEAKAGE);
        assertThat(found.of("fer/PrivateTest/9").reason()).as("first held-out id is kept").isNull();
        assertThat(found.of("fer/PublicTest/5").reason()).isEqualTo(Reason.DUPLICATE);
        assertThat(found.figures().leakingGroups()).isEqualTo(1);
        assertThat(found.figures().conflictingGroups()).isEqualTo(1);
        assertThat(found.figures().crossSplitPairs()).isEqualTo(5);
    }

    @Test
    void heldOutImagesThatDisagreeAreAllLabelConflicts() {
        long hash = 0xAAAA_5555L;
        DuplicateGroups found = DuplicateFinder.find(List.of(
                image("t1", Split.TEST, Emotion.FEAR, hash),
                image("t2", Split.TEST, Emotion.SAD, hash)), 0);
        assertThat(found.of("t1").reason()).isEqualTo(Reason.LABEL_CONFLICT);
        assertThat(found.of("t2").reason()).isEqualTo(Reason.LABEL_CONFLICT);
    }

    @Test
    void conflictingLabelsKeepTheStrictMajorityOrNothing() {
        long hash = 0x7777_0000_1111L;
        DuplicateGroups majority = DuplicateFinder.find(List.of(
                image("1", Split.TRAIN, Emotion.ANGRY, hash),
                image("2", Split.TRAIN, Emotion.FEAR, hash),
                image("3", Split.TRAIN, Emotion.FEAR, hash)), 0);
        assertThat(majority.of("1").reason()).isEqualTo(Reason.LABEL_CONFLICT);
        assertThat(majority.of("2").reason()).isNull();
        assertThat(majority.of("3").reason()).isEqualTo(Reason.DUPLICATE);
        assertThat(majority.figures().labelConflictPairs()).isEqualTo(2);

        DuplicateGroups tie = DuplicateFinder.find(List.of(
                image("1", Split.TRAIN, Emotion.ANGRY, hash),
                image("2", Split.TRAIN, Emotion.SAD, hash)), 0);
        assertThat(tie.of("1").reason()).isEqualTo(Reason.LABEL_CONFLICT);
        assertThat(tie.of("2").reason()).isEqualTo(Reason.LABEL_CONFLICT);
    }

    @Test
    void groupsAreTransitiveAndNumberedByTheirFirstId() {
        long hash = 0x3C3C_3C3CL;
        DuplicateGroups found = DuplicateFinder.find(List.of(
                image("m", Split.TRAIN, Emotion.HAPPY, hash),
                image("n", Split.TRAIN, Emotion.HAPPY, flip(hash, 0, 1, 2, 3)),
                image("o", Split.TRAIN, Emotion.HAPPY, flip(hash, 0, 1, 2, 3, 4, 5, 6, 7)),
                image("a", Split.TRAIN, Emotion.HAPPY, 0x5L),
                image("b", Split.TRAIN, Emotion.HAPPY, 0x5L)), 4);
        assertThat(found.of("a").group()).isEqualTo(1);
        assertThat(found.of("o").group()).as("o is 8 bits from m but 4 from n").isEqualTo(2);
        assertThat(found.of("o").groupSize()).isEqualTo(3);
        assertThat(found.figures().groups()).isEqualTo(2);
    }

    @Test
    void theResultDoesNotDependOnTheOrder() {
        Random random = new Random(5);
        List<HashedImage> images = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long hash = random.nextLong() & MASK;
            Split split = Split.values()[random.nextInt(3)];
            Emotion label = Emotion.values()[random.nextInt(2)];
            images.add(image("a" + i, split, label, hash));
            images.add(image("b" + i, Split.values()[random.nextInt(3)], Emotion.values()[random.nextInt(2)],
                    flip(hash, random.nextInt(63))));
        }
        DuplicateGroups first = DuplicateFinder.find(images, 4);
        Collections.shuffle(images, new Random(6));
        assertThat(DuplicateFinder.find(images, 4)).isEqualTo(first);
    }

    @Test
    void refusesADistanceTheHashCannotHave() {
        assertThatThrownBy(() -> DuplicateFinder.find(List.of(), 63)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DuplicateRule(true, 17)).hasMessageContaining("duplicate-distance");
    }
}
