package io.eventline.cli.dlq;

import io.eventline.cli.ExitCodes;
import io.eventline.cli.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eventline dlq list}: the dead letters the filters select, one line each. */
@Command(name = "list", description = "Dead letters matching the filters.")
final class DlqListCommand extends DlqSubcommand {

    @Mixin
    DlqSelection selection;

    @Override
    public Integer call() {
        List<DlqRecord> records = selection.filter().apply(dlq.deadLetters());
        Set<String> replayed = dlq.replayed();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DlqRecord r : records) {
            rows.add(DeadLetterRows.summary(r, replayed, format.json));
        }
        Output.printRows(out(), rows, DeadLetterRows.SUMMARY_COLUMNS, format.json);
        return records.isEmpty() ? ExitCodes.NOT_FOUND : ExitCodes.FOUND;
    }
}
