package io.ferstream.platform.ids;

/** Image ids ({@code dataset:row}, e.g. {@code fer2013:42}) in source order. */
public final class ImageIds {

    private ImageIds() {
    }

    /**
     * Row order for ids of one dataset with numeric rows ({@code fer2013:9} before {@code fer2013:10}),
     * text order otherwise; a total order, so exports and seeded training do not depend on the order
     * the partitions delivered the images in.
     */
    public static int compare(String a, String b) {
        int colonA = a.lastIndexOf(':');
        int colonB = b.lastIndexOf(':');
        if (colonA > 0 && colonB > 0 && a.substring(0, colonA).equals(b.substring(0, colonB))) {
            String tailA = a.substring(colonA + 1);
            String tailB = b.substring(colonB + 1);
            if (isRow(tailA) && isRow(tailB)) {
                return Long.compare(Long.parseLong(tailA), Long.parseLong(tailB));
            }
        }
        return a.compareTo(b);
    }

    private static boolean isRow(String tail) {
        return !tail.isEmpty() && tail.length() < 19 && tail.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
