package io.ferstream.registry;

import org.apache.avro.Schema;

/** Parsing and canonical form of Avro schema text. */
final class AvroSchemas {

    private AvroSchemas() {
    }

    /**
     * Parses schema text with a fresh parser (parsers remember named types).
     *
     * @throws RegistryException 42201 when the text is empty or not a valid Avro schema
     */
    static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the schema is empty");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException | StackOverflowError e) {
            throw RegistryException.invalidSchema("Invalid schema " + abbreviate(text) + ": " + e.getMessage());
        }
    }

    /** Avro's normalized JSON: whitespace and the order of JSON keys no longer matter. */
    static String canonical(Schema schema) {
        return schema.toString();
    }

    /** The canonical form, or the text unchanged when it does not parse (records written by other tools). */
    static String canonicalOrRaw(String text) {
        try {
            return canonical(new Schema.Parser().parse(text));
        } catch (RuntimeException | StackOverflowError e) {
            return text;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
