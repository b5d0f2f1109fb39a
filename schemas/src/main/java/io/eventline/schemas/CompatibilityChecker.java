package io.eventline.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a candidate schema against published versions. Avro's resolution rules ({@link SchemaCompatibility})
 * decide; {@link FieldDiff} names the fields involved.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {}

    /**
     * @param published published versions, oldest first
     * @return one line per incompatibility; empty when compatible
     */
    public static List<String> check(Schema candidate, List<Schema> published, CompatibilityMode mode) {
        List<String> problems = new ArrayList<>();
        if (published.isEmpty() || mode == CompatibilityMode.NONE) {
            return problems;
        }
        List<Schema> against = mode.transitive ? published : published.subList(published.size() - 1, published.size());
        for (int i = 0; i < against.size(); i++) {
            Schema old = against.get(i);
            String version = "published v" + (published.indexOf(old) + 1);
            if (mode.newReadsOld) {
                check(candidate, old, "new schema cannot read data written with " + version, problems);
            }
            if (mode.oldReadsNew) {
                check(old, candidate, version + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void check(Schema reader, Schema writer, String direction, List<String> out) {
        SchemaPairCompatibility verdict = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (verdict.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        List<String> fields = new ArrayList<>();
        FieldDiff.describe(reader, writer, fields);
        if (fields.isEmpty()) {
            // Avro saw a problem the walk could not place: report Avro's own words.
            verdict.getResult().getIncompatibilities().forEach(p ->
                    fields.add("at " + p.getLocation() + ": " + p.getMessage() + " (" + p.getType() + ")"));
        }
        fields.forEach(f -> out.add(direction + ": " + f));
    }
}
