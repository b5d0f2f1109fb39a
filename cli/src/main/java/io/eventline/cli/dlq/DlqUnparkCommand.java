package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.contracts.OrderingReasons;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventline dlq unpark AGGREGATE_ID}: resumes a parked aggregate. */
@Command(name = "unpark",
        description = "Resume a parked aggregate: replay its parked dead letters in sequence order and, unless "
                + "they contain the missing event (whose replay resumes it by itself), write UNPARK (accept the "
                + "gap) to the control topic.")
final class DlqUnparkCommand extends DlqSubcommand {

    @Mixin
    ControlTopicOption controlOption;

    @Parameters(index = "0", paramLabel = "AGGREGATE_ID")
    String aggregateId;

    @Option(names = "--no-replay", description = "Only write UNPARK; replay nothing.")
    boolean noReplay;

    @Mixin
    DryRunOption mode;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        ControlTopic control = controlOption.of(dlq);
        ParkedAggregates.Parked parked = DlqParkedCommand.parked(dlq, control).stream()
                .filter(p -> p.aggregateId().equals(aggregateId)).findFirst().orElse(null);
        boolean gapInReplay = parked != null && !noReplay && parked.toReplay().stream()
                .anyMatch(r -> r.sequence() != null && r.sequence() == parked.firstMissing());
        if (parked == null) {
            out.println(aggregateId + " is not parked according to " + dlq.dlqTopic()
                    + "; sending UNPARK anyway (the job ignores it for an aggregate that is not parked)");
        }
        if (gapInReplay) {
            out.println("the missing sequence number " + parked.firstMissing() + " is among the parked dead "
                    + "letters: replaying them fills the gap and resumes " + aggregateId + "; no UNPARK needed");
        } else if (mode.dryRun) {
            out.println("would write UNPARK for " + aggregateId + " to " + control.name());
        } else {
            control.sendUnpark(aggregateId);
            out.println("wrote UNPARK for " + aggregateId + " to " + control.name()
                    + (parked == null ? "" : " (the gap from sequence number " + parked.firstMissing() + " is skipped)"));
        }
        if (noReplay) {
            return ExitCodes.FOUND;
        }
        DlqFilter selection = new DlqFilter(Set.of(OrderingReasons.PARKED), Set.of(), aggregateId, null, null, null);
        return ReplayRun.run(out, dlq, selection, null, mode.dryRun, format.json);
    }
}
