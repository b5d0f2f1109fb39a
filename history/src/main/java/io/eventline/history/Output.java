package io.eventline.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints rows as an aligned text table (with a summary line) or as a JSON array. */
public final class Output {

    public enum Format { TABLE, JSON }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    public static void print(PrintWriter out, Format format, List<Map<String, Object>> rows, String summary)
            throws Exception {
        if (format == Format.JSON) {
            printJson(out, rows);
            return;
        }
        if (!rows.isEmpty()) {
            List<String> columns = new ArrayList<>(rows.get(0).keySet());
            int[] width = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                width[i] = columns.get(i).length();
                for (Map<String, Object> row : rows) {
                    width[i] = Math.max(width[i], text(row.get(columns.get(i))).length());
                }
            }
            out.println(line(columns.stream().map(c -> (Object) c).toList(), width));
            for (Map<String, Object> row : rows) {
                out.println(line(columns.stream().map(row::get).toList(), width));
            }
        }
        out.println(summary);
        out.flush();
    }

    public static void printJson(PrintWriter out, Object value) throws Exception {
        out.println(JSON.writeValueAsString(value));
        out.flush();
    }

    private static String line(List<Object> values, int[] width) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = text(values.get(i));
            s.append(i == 0 ? "" : "  ").append(v).append(" ".repeat(width[i] - v.length()));
        }
        return s.toString().stripTrailing();
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
