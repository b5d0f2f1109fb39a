package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eventline dlq parked}: the aggregates the gap policy PARK holds. */
@Command(name = "parked",
        description = "Aggregates parked by the gap policy PARK and not unparked since (from the DLQ and the control topic).")
final class DlqParkedCommand extends DlqSubcommand {

    static final List<String> COLUMNS =
            List.of("aggregate_id", "parked_at", "first_missing", "parked_events", "park_record");

    @Mixin
    ControlTopicOption control;

    @Override
    public Integer call() {
        List<ParkedAggregates.Parked> parked = parked(dlq, control.of(dlq));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ParkedAggregates.Parked p : parked) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("aggregate_id", p.aggregateId());
            row.put("parked_at", p.parkedAt());
            row.put("first_missing", p.firstMissing());
            row.put("parked_events", p.parkedEvents());
            row.put("park_record", p.parkRecord());
            rows.add(row);
        }
        Output.printRows(out(), rows, COLUMNS, format.json);
        return parked.isEmpty() ? ExitCodes.NOT_FOUND : ExitCodes.FOUND;
    }

    static List<ParkedAggregates.Parked> parked(DlqOptions dlq, ControlTopic control) {
        return ParkedAggregates.of(dlq.deadLetters(), dlq.replayed(), control.lastUnparks());
    }
}
