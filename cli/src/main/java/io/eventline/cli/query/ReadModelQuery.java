package io.eventline.cli.query;

import io.eventline.cli.Subcommand;
import picocli.CommandLine.Mixin;

/** A {@code query} subcommand: reads the read-model tables {@link DatabaseOptions} point at. */
abstract class ReadModelQuery extends Subcommand {

    @Mixin
    DatabaseOptions db;
}
