package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code eventline dlq stats}: counts of the dead letters. */
@Command(name = "stats",
        description = "Counts by reason, stage, event type and hour; oldest and newest failure.")
final class DlqStatsCommand extends DlqSubcommand {

    @Override
    public Integer call() {
        PrintWriter out = out();
        DlqStats stats = DlqStats.of(dlq.deadLetters());
        if (format.json) {
            Output.printRow(out, stats.asMap(), true);
            return ExitCodes.FOUND;
        }
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("dlq", dlq.dlqTopic());
        head.put("total", stats.total());
        head.put("oldest", stats.oldest());
        head.put("newest", stats.newest());
        Output.printRow(out, head, false);
        section(out, "reason", stats.byReason());
        section(out, "stage", stats.byStage());
        section(out, "event_type", stats.byEventType());
        section(out, "hour", stats.byHour());
        return ExitCodes.FOUND;
    }

    private static void section(PrintWriter out, String name, Map<String, Long> counts) {
        out.println();
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((k, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(name, k);
            row.put("count", v);
            rows.add(row);
        });
        Output.printRows(out, rows, List.of(name, "count"), false);
    }
}
