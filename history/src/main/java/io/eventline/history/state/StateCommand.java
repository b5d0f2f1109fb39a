package io.eventline.history.state;

import io.eventline.history.Output;
import io.eventline.jobs.orders.OrderProjectionsJob;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventline state --savepoint PATH}: per aggregate, the ordering progress a savepoint or retained checkpoint
 * of the order-projections job holds: next expected number, buffered events, parked, held poison events.
 */
@Command(name = "state", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the ordering state of the order-projections job from a savepoint or retained checkpoint "
                + "(State Processor API): per aggregate the next expected sequence number, buffered events, "
                + "parked and held aggregates.")
public final class StateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--savepoint", required = true, paramLabel = "PATH",
            description = "Savepoint or retained checkpoint directory (file:///..., or a path).")
    String savepoint;

    @Option(names = "--aggregate", paramLabel = "ID", description = "Only these aggregates (comma-separated).")
    List<String> aggregates;

    @Option(names = "--parked", description = "Only parked aggregates.")
    boolean parked;

    @Option(names = "--held", description = "Only aggregates held behind a poison event.")
    boolean held;

    @Option(names = "--buffered", description = "Only aggregates with buffered events.")
    boolean buffered;

    @Option(names = "--all", description = "Every aggregate, also those waiting for nothing (default: only waiting ones).")
    boolean all;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many aggregates listed. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--output", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Option(names = "--uid", defaultValue = OrderProjectionsJob.ORDERING_UID,
            description = "Uid of the ordering operator. Default: ${DEFAULT-VALUE}.")
    String uid;

    @Override
    public Integer call() throws Exception {
        List<AggregateState> states = SavepointInspection.read(savepoint, uid, filter());
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AggregateState s : states.subList(0, Math.min(limit, states.size()))) {
            rows.add(row(s));
        }
        long waiting = states.stream().filter(s -> s.buffered > 0).count();
        long parkedCount = states.stream().filter(s -> s.parked).count();
        long heldCount = states.stream().filter(s -> s.heldAt > 0).count();
        Output.print(out, output, rows, String.format("%d aggregates listed: %d with buffered events, %d parked, %d held",
                states.size(), waiting, parkedCount, heldCount));
        return 0;
    }

    private Predicate<AggregateState> filter() {
        Predicate<AggregateState> f = s -> all || s.isWaiting() || aggregates != null;
        if (aggregates != null) {
            List<String> ids = aggregates.stream().flatMap(a -> List.of(a.split(",")).stream()).toList();
            f = f.and(s -> ids.contains(s.aggregateId));
        }
        if (parked) {
            f = f.and(s -> s.parked);
        }
        if (held) {
            f = f.and(s -> s.heldAt > 0);
        }
        if (buffered) {
            f = f.and(s -> s.buffered > 0);
        }
        return f;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Map<String, Object> row(AggregateState s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("aggregate_id", s.aggregateId);
        row.put("next_expected", s.nextExpected);
        row.put("buffered", s.buffered);
        row.put("buffered_sequences", emptyToNull(s.bufferedSequences));
        row.put("buffered_event_ids", emptyToNull(s.bufferedEventIds));
        row.put("parked", s.parked);
        row.put("held_at", s.heldAt == 0 ? null : s.heldAt);
        row.put("holds", emptyToNull(s.holds));
        row.put("gap_timer_at", s.gapTimerAt == 0 ? null : Instant.ofEpochMilli(s.gapTimerAt).toString());
        row.put("last_activity_at", s.lastActivityAt == 0 ? null : Instant.ofEpochMilli(s.lastActivityAt).toString());
        return row;
    }
}
