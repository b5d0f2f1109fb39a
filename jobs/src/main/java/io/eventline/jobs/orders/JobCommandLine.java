package io.eventline.jobs.orders;

import java.io.File;
import picocli.CommandLine;

/** Parses the job's arguments; a {@code --config} properties file supplies defaults for every option. */
public final class JobCommandLine {

    private JobCommandLine() {}

    /**
     * @return the options, or {@code null} when help or version was requested (and printed)
     * @throws CommandLine.ParameterException on a bad argument, with a message naming it
     */
    public static JobOptions parse(String... args) {
        JobOptions options = new JobOptions();
        CommandLine cmd = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
        String config = configFile(args);
        if (config != null) {
            File file = new File(config);
            if (!file.isFile()) {
                throw new CommandLine.ParameterException(cmd, "--config file not found: " + config);
            }
            cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(file));
        }
        CommandLine.ParseResult result = cmd.parseArgs(args);
        if (CommandLine.printHelpIfRequested(result)) {
            return null;
        }
        return options;
    }

    // The defaults provider must be in place before parsing, so --config is found by a first look.
    private static String configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }
}
