package io.eventline.cli;

/** Exit codes of every {@code eventline} subcommand. */
public final class ExitCodes {
    public static final int FOUND = 0;
    public static final int NOT_FOUND = 1;
    /** picocli's own code for usage errors. */
    public static final int USAGE = 2;
    public static final int ERROR = 3;

    private ExitCodes() {}
}
