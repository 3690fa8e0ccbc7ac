package io.ferstream.embedder.duplicates;

import java.util.Locale;
import java.util.Map;

/**
 * What the duplicate check found in a run: for every image that has a twin, its group and what
 * should happen to it; images without a twin are absent. Plus the run's figures.
 */
public record DuplicateGroups(Map<String, Membership> members, Figures figures) {

    public static final DuplicateGroups NONE = new DuplicateGroups(Map.of(), new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0));

    /** Why an image of a group is not the one kept. */
    public enum Reason {
        /** Another image of the group, same label, is kept. */
        DUPLICATE,
        /** A TRAIN image that is a VALIDATION or TEST image too: training on it inflates the held-out score. */
        LEAKAGE,
        /** The group's images carry different labels and this one's is not the group's majority (or there is none). */
        LABEL_CONFLICT;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One image's place in its group: the group's number in the run (groups numbered 1.. in the
     * source order of their first image), its size, the distance to the nearest other member, whether another
     * member has exactly the same pixels, and the reason it is not kept (null: the one kept).
     */
    public record Membership(int group, int groupSize, int nearestDistance, boolean exact, Reason reason) {
    }

    /**
     * Counts over the run: images checked, groups (two or more images), images in groups, pairs
     * within the distance, of which exact, across splits and with different labels; groups with
     * conflicting labels; groups that leak (a TRAIN image and a VALIDATION or TEST image).
     */
    public record Figures(int images, int groups, int imagesInGroups, long pairs, long exactPairs, long crossSplitPairs,
                          long labelConflictPairs, int conflictingGroups, int leakingGroups) {
    }

    /** The image's membership, or null when it has no twin. */
    public Membership of(String id) {
        return members.get(id);
    }
}
