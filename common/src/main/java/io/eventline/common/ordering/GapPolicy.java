package io.eventline.common.ordering;

import java.util.Locale;

/** What an aggregate does when a gap in its sequence stays open past the gap timeout. */
public enum GapPolicy {
    /** Release what waits, dead-letter a gap record, and dead-letter the missing event if it turns up later. */
    SKIP,
    /** Stop the aggregate: every later event is dead-lettered as parked until an UNPARK command arrives. */
    PARK;

    /** Parses the configuration spelling ({@code skip} / {@code park}, any case). */
    public static GapPolicy parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
