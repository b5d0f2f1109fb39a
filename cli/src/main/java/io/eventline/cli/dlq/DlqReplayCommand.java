package io.eventline.cli.dlq;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventline dlq replay}: republishes the selected dead letters' originals. */
@Command(name = "replay",
        description = "Republish the selected dead letters' originals (key, value, headers) to the source topic, "
                + "one aggregate's in sequence order, and record them in <topic>.dlq.replayed so that a repeated "
                + "replay republishes nothing new.")
final class DlqReplayCommand extends DlqSubcommand {

    @Mixin
    DlqSelection selection;

    // Not --to: that is the time filter's upper bound, shared with list.
    @Option(names = "--to-topic", paramLabel = "TOPIC", description = "Republish here instead of the source topic.")
    String toTopic;

    @Mixin
    DryRunOption mode;

    @Option(names = "--all", description = "Replay every dead letter (required when no filter is given).")
    boolean all;

    @Override
    public Integer call() throws Exception {
        if (!selection.selectsSomething() && !all) {
            throw usage("give a filter (--reason, --stage, --aggregate, --from, --to) or --all");
        }
        return ReplayRun.run(out(), dlq, selection.filter(), toTopic, mode.dryRun, format.json);
    }
}
