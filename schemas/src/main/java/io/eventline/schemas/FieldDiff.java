package io.eventline.schemas;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Names the fields behind an incompatibility. Avro's verdict stays the authority, but its report locates
 * problems inside unions only as "/" or as the whole union, which says nothing about which field of which
 * event type broke; this walk descends records, unions (by branch name), arrays and maps and asks Avro about
 * each leaf pair, so every problem is reported with its dotted field path.
 */
final class FieldDiff {

    private final List<String> out;
    private final Set<String> visited = new HashSet<>();

    private FieldDiff(List<String> out) {
        this.out = out;
    }

    /** Adds one line per problem, as {@code field 'a.b': ...}, to {@code out}. */
    static void describe(Schema reader, Schema writer, List<String> out) {
        new FieldDiff(out).walk(reader, writer, "");
    }

    private void walk(Schema reader, Schema writer, String path) {
        if (writer.getType() == Schema.Type.UNION) {
            for (Schema branch : writer.getTypes()) {
                Schema match = matchingBranch(reader, branch);
                String branchPath = isNamed(branch) ? join(path, branch.getName()) : path;
                if (match == null) {
                    report(path, "no reader type accepts the writer's " + label(branch));
                } else {
                    walk(match, branch, branchPath);
                }
            }
        } else if (reader.getType() == Schema.Type.UNION) {
            Schema match = matchingBranch(reader, writer);
            if (match == null) {
                report(path, "no reader type accepts the writer's " + label(writer));
            } else {
                walk(match, writer, path);
            }
        } else if (reader.getType() == Schema.Type.RECORD && writer.getType() == Schema.Type.RECORD
                && reader.getFullName().equals(writer.getFullName())) {
            if (!visited.add(path + "|" + reader.getFullName())) {
                return;
            }
            for (Schema.Field field : reader.getFields()) {
                Schema.Field written = writtenField(writer, field);
                if (written == null) {
                    if (!field.hasDefaultValue()) {
                        report(join(path, field.name()), "added without a default, so data written before it cannot be read");
                    }
                } else {
                    walk(field.schema(), written.schema(), join(path, field.name()));
                }
            }
        } else if (reader.getType() == Schema.Type.ARRAY && writer.getType() == Schema.Type.ARRAY) {
            walk(reader.getElementType(), writer.getElementType(), path);
        } else if (reader.getType() == Schema.Type.MAP && writer.getType() == Schema.Type.MAP) {
            walk(reader.getValueType(), writer.getValueType(), path);
        } else if (!compatible(reader, writer)) {
            report(path, "reader type " + label(reader) + " cannot read writer type " + label(writer));
        }
    }

    private static Schema.Field writtenField(Schema writer, Schema.Field readerField) {
        Schema.Field direct = writer.getField(readerField.name());
        if (direct != null) {
            return direct;
        }
        for (String alias : readerField.aliases()) {
            if (writer.getField(alias) != null) {
                return writer.getField(alias);
            }
        }
        return null;
    }

    /** The reader branch Avro would resolve the writer type to: same name for named types, else compatible. */
    private static Schema matchingBranch(Schema reader, Schema writerType) {
        List<Schema> candidates = reader.getType() == Schema.Type.UNION ? reader.getTypes() : List.of(reader);
        if (isNamed(writerType)) {
            for (Schema candidate : candidates) {
                if (isNamed(candidate) && candidate.getName().equals(writerType.getName())) {
                    return candidate;
                }
            }
        }
        for (Schema candidate : candidates) {
            if (candidate.getType() == writerType.getType() && !isNamed(candidate)) {
                return candidate;
            }
        }
        for (Schema candidate : candidates) {
            if (compatible(candidate, writerType)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static boolean isNamed(Schema s) {
        return s.getType() == Schema.Type.RECORD || s.getType() == Schema.Type.ENUM || s.getType() == Schema.Type.FIXED;
    }

    private static String label(Schema s) {
        return isNamed(s) ? s.getType() + " " + s.getName() : s.getType().toString();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private void report(String path, String what) {
        out.add("field '" + (path.isEmpty() ? "(root)" : path) + "': " + what);
    }
}
