package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One replay of selected dead letters (for {@code dlq replay} and {@code dlq unpark}) and its report. */
final class ReplayRun {

    static final List<String> COLUMNS =
            List.of("position", "aggregate_id", "sequence", "event_id", "stage", "reason", "action");

    private ReplayRun() {}

    /** @param toTopic where to republish; {@code null} for the source topic */
    static int run(PrintWriter out, DlqOptions dlq, DlqFilter selection, String toTopic, boolean dryRun,
            boolean json) throws Exception {
        String target = toTopic == null ? dlq.topic : toTopic;
        // The producer first: initTransactions fences an overlapping run of the same DLQ before the log is read.
        try (Replayer replayer = dryRun ? null : new Replayer(dlq.bootstrapServers, dlq.dlqTopic(), dlq.wireFormat())) {
            ReplayPlan plan = ReplayPlan.of(selection.apply(dlq.deadLetters()), dlq.replayed());
            Map<String, String> actions = new HashMap<>();
            if (dryRun) {
                plan.send().forEach(r -> actions.put(r.position(), "would send to " + target));
            } else {
                for (Replayer.Sent s : replayer.replay(plan, target)) {
                    actions.put(s.deadLetter().position(), "sent to " + s.topic() + " " + s.partition() + ":" + s.offset());
                }
            }
            plan.duplicates().forEach((d, first) -> actions.put(d.position(), "duplicate of " + first.position()));
            plan.alreadyReplayed().forEach(r -> actions.put(r.position(), "already replayed"));
            plan.notReplayable().forEach(r -> actions.put(r.position(), "not replayable (no event)"));
            List<Map<String, Object>> rows = rows(plan, actions);
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put(dryRun ? "wouldReplay" : "replayed", plan.send().size());
                result.put("duplicates", plan.duplicates().size());
                result.put("alreadyReplayed", plan.alreadyReplayed().size());
                result.put("notReplayable", plan.notReplayable().size());
                result.put("to", target);
                result.put("records", rows);
                Output.printRow(out, result, true);
            } else {
                if (!rows.isEmpty()) {
                    Output.printRows(out, rows, COLUMNS, false);
                }
                out.printf("%s %d to %s; %d duplicates recorded with them, %d already replayed, %d not replayable%n",
                        dryRun ? "would replay" : "replayed", plan.send().size(), target, plan.duplicates().size(),
                        plan.alreadyReplayed().size(), plan.notReplayable().size());
            }
            return ExitCodes.FOUND;
        }
    }

    private static List<Map<String, Object>> rows(ReplayPlan plan, Map<String, String> actions) {
        List<DlqRecord> ordered = new ArrayList<>(plan.send());
        ordered.addAll(plan.duplicates().keySet());
        ordered.addAll(plan.alreadyReplayed());
        ordered.addAll(plan.notReplayable());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DlqRecord r : ordered) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", r.position());
            row.put("aggregate_id", r.aggregateId());
            row.put("sequence", r.sequence());
            row.put("event_id", r.eventId());
            row.put("stage", r.stage());
            row.put("reason", r.reason());
            row.put("action", actions.get(r.position()));
            rows.add(row);
        }
        return rows;
    }
}
