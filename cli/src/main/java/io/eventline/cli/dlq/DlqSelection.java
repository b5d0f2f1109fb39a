package io.eventline.cli.dlq;

import io.eventline.cli.InstantConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The filter options of {@code dlq list} and {@code dlq replay}, turned into a {@link DlqFilter}. */
public final class DlqSelection {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--reason", split = ",", paramLabel = "R", description = "Reason code(s), e.g. unknown-aggregate,late-after-skip.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--stage", split = ",", paramLabel = "S", description = "Stage(s): deserialize, validate, order, project, sink.")
    List<String> stages = new ArrayList<>();

    @Option(names = "--aggregate", paramLabel = "ID", description = "One aggregate.")
    String aggregate;

    @Option(names = "--from", paramLabel = "T", converter = InstantConverter.class,
            description = "Failed at or after T (ISO-8601, e.g. 2025-06-28T10:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "T", converter = InstantConverter.class, description = "Failed before T.")
    Instant to;

    @Option(names = "--limit", paramLabel = "N", description = "At most N dead letters (the first in DLQ order).")
    Integer limit;

    DlqFilter filter() {
        try {
            return new DlqFilter(new HashSet<>(reasons), new HashSet<>(stages), aggregate, from, to, limit);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    boolean selectsSomething() {
        return !reasons.isEmpty() || !stages.isEmpty() || aggregate != null || from != null || to != null;
    }
}
