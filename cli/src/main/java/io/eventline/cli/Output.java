package io.eventline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints rows (column name to value, in column order) as a table or as JSON. */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    /** One row: JSON object, or one {@code column  value} line per column. */
    public static void printRow(PrintWriter out, Map<String, Object> row, boolean json) {
        if (json) {
            out.println(toJson(jsonValues(row)));
            return;
        }
        int width = row.keySet().stream().mapToInt(String::length).max().orElse(0);
        row.forEach((column, value) -> out.println(pad(column, width) + "  " + text(value)));
    }

    /** Many rows: JSON array, or a table with a header. */
    public static void printRows(PrintWriter out, List<Map<String, Object>> rows, List<String> columns, boolean json) {
        if (json) {
            List<Map<String, Object>> values = new ArrayList<>();
            rows.forEach(r -> values.add(jsonValues(r)));
            out.println(toJson(values));
            return;
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, Object> row : rows) {
                widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(i == 0 ? "" : "  ").append(pad(columns.get(i), widths[i]));
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(pad(text(row.get(columns.get(i))), widths[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Money stays an exact decimal number in JSON; instants are ISO-8601 strings. */
    public static Map<String, Object> jsonValues(Map<String, Object> row) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.forEach((k, v) -> values.put(k, v instanceof Instant ? v.toString() : v));
        return values;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        return value.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
