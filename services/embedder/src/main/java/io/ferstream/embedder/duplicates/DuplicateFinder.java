package io.ferstream.embedder.duplicates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.ferstream.events.Emotion;
import io.ferstream.platform.ids.ImageIds;

/**
 * Finds the groups of exact and near duplicates in a set of images and decides, per group, which
 * image is kept and why each other one is not. Pure and deterministic: the result depends only on
 * the set, not its order, so a streaming run equals a batch pass over the same images.
 *
 * <p>Search: multi-index hashing. Two 63-bit hashes within distance {@code t} agree exactly on at
 * least one of {@code t + 1} disjoint bands of bits (pigeonhole), so only images sharing a band
 * value are compared; each pair is counted in the first band it agrees on. Pairs are joined into
 * groups transitively (union-find).
 *
 * <p>Per group, with members in source order ({@link ImageIds#compare}: the earliest row is kept):
 * <ul>
 *   <li>a group with VALIDATION or TEST images keeps its first held-out image; every TRAIN image is
 *       {@link DuplicateGroups.Reason#LEAKAGE}; the other held-out images are duplicates, or label
 *       conflicts when the held-out images disagree on the label;</li>
 *   <li>otherwise, one label for all: the first is kept, the rest are duplicates; a strict majority
 *       label: its first image is kept, its others are duplicates, the rest label conflicts; no
 *       majority: all are label conflicts, since nothing says which label is right.</li>
 * </ul>
 * Whether a reason removes an image is the split policy's call, not this class's.
 */
public final class DuplicateFinder {

    private DuplicateFinder() {
    }

    public static DuplicateGroups find(List<HashedImage> images, int maxDistance) {
        if (maxDistance < 0 || maxDistance >= PerceptualHash.BITS) {
            throw new IllegalArgumentException("maxDistance must be in [0, " + (PerceptualHash.BITS - 1) + "]: " + maxDistance);
        }
        HashedImage[] sorted = images.toArray(HashedImage[]::new);
        Arrays.sort(sorted, (a, b) -> ImageIds.compare(a.id(), b.id()));
        int n = sorted.length;
        long[] masks = bandMasks(maxDistance + 1);
        int[] parent = new int[n];
        int[] nearest = new int[n];
        boolean[] exact = new boolean[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            nearest[i] = Integer.MAX_VALUE;
        }
        long pairs = 0;
        long exactPairs = 0;
        long crossSplitPairs = 0;
        long labelConflictPairs = 0;
        for (int band = 0; band < masks.length; band++) {
            long mask = masks[band];
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> sorted[i].perceptual() & mask));
            for (int start = 0; start < n; ) {
                int end = start + 1;
                long key = sorted[order[start]].perceptual() & mask;
                while (end < n && (sorted[order[end]].perceptual() & mask) == key) {
                    end++;
                }
                for (int x = start; x < end; x++) {
                    for (int y = x + 1; y < end; y++) {
                        int a = order[x];
                        int b = order[y];
                        long ha = sorted[a].perceptual();
                        long hb = sorted[b].perceptual();
                        int distance = PerceptualHash.distance(ha, hb);
                        if (distance > maxDistance || agreeOnEarlierBand(ha, hb, masks, band)) {
                            continue;
                        }
                        pairs++;
                        nearest[a] = Math.min(nearest[a], distance);
                        nearest[b] = Math.min(nearest[b], distance);
                        if (sorted[a].samePixels(sorted[b])) {
                            exactPairs++;
                            exact[a] = true;
                            exact[b] = true;
                        }
                        if (sorted[a].split() != sorted[b].split()) {
                            crossSplitPairs++;
                        }
                        if (!Objects.equals(sorted[a].label(), sorted[b].label())) {
                            labelConflictPairs++;
                        }
                        union(parent, a, b);
                    }
                }
                start = end;
            }
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (nearest[i] != Integer.MAX_VALUE) {
                groups.computeIfAbsent(find(parent, i), root -> new ArrayList<>()).add(i);
            }
        }
        Map<String, DuplicateGroups.Membership> members = new HashMap<>();
        int number = 0;
        int imagesInGroups = 0;
        int conflicting = 0;
        int leaking = 0;
        for (List<Integer> group : groups.values()) {
            number++;
            imagesInGroups += group.size();
            List<HashedImage> groupImages = group.stream().map(i -> sorted[i]).toList();
            if (groupImages.stream().map(HashedImage::label).distinct().count() > 1) {
                conflicting++;
            }
            boolean anyHeldOut = groupImages.stream().anyMatch(HashedImage::heldOut);
            if (anyHeldOut && groupImages.stream().anyMatch(image -> !image.heldOut())) {
                leaking++;
            }
            DuplicateGroups.Reason[] reasons = anyHeldOut ? heldOutGroup(groupImages) : trainGroup(groupImages);
            for (int m = 0; m < group.size(); m++) {
                int i = group.get(m);
                members.put(sorted[i].id(), new DuplicateGroups.Membership(number, group.size(), nearest[i], exact[i], reasons[m]));
            }
        }
        return new DuplicateGroups(Map.copyOf(members), new DuplicateGroups.Figures(n, groups.size(), imagesInGroups, pairs,
                exactPairs, crossSplitPairs, labelConflictPairs, conflicting, leaking));
    }

    /** The first held-out image is kept; TRAIN images leak; other held-out images are duplicates or, if held-out labels differ, conflicts. */
    private static DuplicateGroups.Reason[] heldOutGroup(List<HashedImage> group) {
        boolean heldOutDisagree = group.stream().filter(HashedImage::heldOut).map(HashedImage::label).distinct().count() > 1;
        DuplicateGroups.Reason[] reasons = new DuplicateGroups.Reason[group.size()];
        boolean kept = false;
        for (int m = 0; m < group.size(); m++) {
            HashedImage image = group.get(m);
            if (!image.heldOut()) {
                reasons[m] = DuplicateGroups.Reason.LEAKAGE;
            } else if (heldOutDisagree) {
                reasons[m] = DuplicateGroups.Reason.LABEL_CONFLICT;
            } else if (kept) {
                reasons[m] = DuplicateGroups.Reason.DUPLICATE;
            } else {
                kept = true;
            }
        }
        return reasons;
    }

    /** The first image of the majority label is kept; its others are duplicates; other labels (or all, without a majority) conflict. */
    private static DuplicateGroups.Reason[] trainGroup(List<HashedImage> group) {
        Map<Emotion, Integer> votes = new HashMap<>();
        group.forEach(image -> votes.merge(image.label(), 1, Integer::sum));
        Emotion majority = null;
        boolean hasMajority = false;
        for (Map.Entry<Emotion, Integer> vote : votes.entrySet()) {
            if (2 * vote.getValue() > group.size()) {
                majority = vote.getKey();
                hasMajority = true;
            }
        }
        DuplicateGroups.Reason[] reasons = new DuplicateGroups.Reason[group.size()];
        boolean kept = false;
        for (int m = 0; m < group.size(); m++) {
            Emotion label = group.get(m).label();
            if (!hasMajority || !Objects.equals(label, majority)) {
                reasons[m] = DuplicateGroups.Reason.LABEL_CONFLICT;
            } else if (kept) {
                reasons[m] = DuplicateGroups.Reason.DUPLICATE;
            } else {
                kept = true;
            }
        }
        return reasons;
    }

    /** {@code bands} disjoint masks covering the hash's bits, as equal in width as possible. */
    static long[] bandMasks(int bands) {
        long[] masks = new long[bands];
        for (int band = 0; band < bands; band++) {
            int from = band * PerceptualHash.BITS / bands;
            int to = (band + 1) * PerceptualHash.BITS / bands;
            for (int bit = from; bit < to; bit++) {
                masks[band] |= 1L << bit;
            }
        }
        return masks;
    }

    private static boolean agreeOnEarlierBand(long a, long b, long[] masks, int band) {
        for (int earlier = 0; earlier < band; earlier++) {
            if (((a ^ b) & masks[earlier]) == 0) {
                return true;
            }
        }
        return false;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
