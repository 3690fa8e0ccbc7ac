package io.ferstream.model;

/**
 * A model card that cannot be used: unreadable, naming an unknown task, layout or preprocessing
 * step, or not matching its ONNX file. {@link #field()} names the offending card field
 * (e.g. {@code onnx_sha256}, {@code preprocessing.layout}).
 */
public final class ModelCardException extends RuntimeException {

    private final String field;

    public ModelCardException(String field, String message) {
        super("model card field '" + field + "': " + message);
        this.field = field;
    }

    public ModelCardException(String field, String message, Throwable cause) {
        super("model card field '" + field + "': " + message, cause);
        this.field = field;
    }

    /** The card field at fault, as a dotted JSON path. */
    public String field() {
        return field;
    }
}
