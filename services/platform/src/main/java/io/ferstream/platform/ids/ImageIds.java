package io.ferstream.platform.ids;

/** Image ids ({@code dataset:row}, e.g. {@code fer2013:42}) in source order. */
public final class ImageIds {

    private ImageIds() {
    }

    /**
     * A total order that follows the source: by the part before the last {@code :} as text, then
     * numeric rows by value ({@code fer2013:9} before {@code fer2013:10}) ahead of other tails, ties
     * and other tails as text. Exports and seeded training then do not depend on the order the
     * partitions delivered the images in.
     */
    public static int compare(String a, String b) {
        int colonA = a.lastIndexOf(':');
        int colonB = b.lastIndexOf(':');
        String prefixA = colonA > 0 ? a.substring(0, colonA) : a;
        String prefixB = colonB > 0 ? b.substring(0, colonB) : b;
        int byPrefix = prefixA.compareTo(prefixB);
        if (byPrefix != 0) {
            return byPrefix;
        }
        String tailA = colonA > 0 ? a.substring(colonA + 1) : "";
        String tailB = colonB > 0 ? b.substring(colonB + 1) : "";
        boolean rowA = isRow(tailA);
        boolean rowB = isRow(tailB);
        if (rowA != rowB) {
            return rowA ? -1 : 1;
        }
        if (rowA) {
            int byRow = Long.compare(Long.parseLong(tailA), Long.parseLong(tailB));
            if (byRow != 0) {
                return byRow;
            }
        }
        return a.compareTo(b);
    }

    private static boolean isRow(String tail) {
        return !tail.isEmpty() && tail.length() < 19 && tail.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
