package io.ferstream.model.onnx;

/**
 * Keeps DJL offline and quiet before its engine loads: {@code ai.djl.offline} and
 * {@code OPT_OUT_TRACKING} are set to {@code true} unless the user chose values, so DJL never
 * resolves models remotely nor calls its usage tracking; ONNX Runtime's natives come from its jar.
 */
public final class DjlOffline {

    /** DJL's switch that keeps it from any network access (model zoo, native downloads). */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private DjlOffline() {
    }

    /** Sets the switches unless set; idempotent and cheap. */
    public static void ensure() {
        setIfAbsent(OFFLINE_PROPERTY, "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private static synchronized void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
