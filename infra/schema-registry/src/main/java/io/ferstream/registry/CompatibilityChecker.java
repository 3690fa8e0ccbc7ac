package io.ferstream.registry;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels on top of {@link SchemaCompatibility#checkReaderWriterCompatibility}.
 *
 * <ul>
 *   <li>BACKWARD: the new schema (reader) reads data written with the earlier one (writer).</li>
 *   <li>FORWARD: the earlier schema (reader) reads data written with the new one (writer).</li>
 *   <li>FULL: both.</li>
 *   <li>*_TRANSITIVE: against every earlier live version instead of only the latest.</li>
 *   <li>NONE: no check.</li>
 * </ul>
 */
final class CompatibilityChecker {

    /** An earlier version of a subject. */
    record Previous(int version, Schema schema) {
    }

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against the earlier versions the level asks for.
     *
     * @param previous live versions of the subject, oldest first; the last one is the latest
     * @return human-readable reasons for incompatibility; empty when compatible
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<Previous> previous) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return problems;
        }
        List<Previous> targets = level.transitive() ? previous : previous.subList(previous.size() - 1, previous.size());
        // Newest first, like Confluent reports them.
        for (int i = targets.size() - 1; i >= 0; i--) {
            Previous earlier = targets.get(i);
            if (level.backward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()),
                        "the new schema cannot read data written with version " + earlier.version(), problems);
            }
            if (level.forward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate),
                        "version " + earlier.version() + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        List<Incompatibility> incompatibilities = result.getResult().getIncompatibilities();
        if (incompatibilities.isEmpty()) {
            problems.add(what + ": " + result.getDescription());
            return;
        }
        for (Incompatibility incompatibility : incompatibilities) {
            problems.add(what + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
