package io.eventline.cli;

import java.time.Instant;
import picocli.CommandLine;

/** Reads an ISO-8601 instant, e.g. {@code 2025-06-28T10:00:00Z}. */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("not an ISO-8601 instant: " + value);
        }
    }
}
