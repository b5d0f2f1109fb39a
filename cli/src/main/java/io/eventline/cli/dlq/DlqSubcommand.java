package io.eventline.cli.dlq;

import io.eventline.cli.Subcommand;
import picocli.CommandLine.Mixin;

/** A {@code dlq} subcommand: works on the DLQ {@link DlqOptions} point at. */
abstract class DlqSubcommand extends Subcommand {

    @Mixin
    DlqOptions dlq;
}
