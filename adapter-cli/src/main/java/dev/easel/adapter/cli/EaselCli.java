package dev.easel.adapter.cli;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code easel} command: data on stdout, progress and errors on stderr, exit codes of {@link ExitCode}. */
@Command(name = "easel",
        mixinStandardHelpOptions = true,
        versionProvider = EaselCli.Version.class,
        description = "Generate images with hosted models (RunComfy: Seedream 5.0 Lite and more).",
        footer = {"",
            "Environment: RUNCOMFY_API_TOKEN, RUNCOMFY_BASE_URL, EASEL_HOME (~/.easel),",
            "  EASEL_OUTPUT (./easel-output), EASEL_STORAGE (file or s3),",
            "  EASEL_DOWNLOAD_HOSTS, EASEL_API_KEYS (serve), $EASEL_HOME/config.properties",
            "Exit codes: 0 done, 2 invalid input (nothing submitted), 3 token or setup,",
            "  4 job failed, cancelled or expired, 5 timed out (resumable), 1 other.",
            "Try it without a token: easel generate --demo \"a red fox in snow\""})
public final class EaselCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs one command line and returns its exit code. */
    public static int run(String[] args, CliServicesFactory services, PrintWriter out, PrintWriter err,
                          Object... moreCommands) {
        CommandLine cli = new CommandLine(new EaselCli())
                .addSubcommand(new GenerateCli(services))
                .addSubcommand(new BatchCli(services))
                .addSubcommand(new JobsCli(services))
                .addSubcommand(new StatusCli(services))
                .addSubcommand(new ResultCli(services))
                .addSubcommand(new CancelCli(services))
                .addSubcommand(new ResumeCli(services))
                .addSubcommand(new InspectCli())
                .addSubcommand(new ModelsCli(services))
                .addSubcommand(new SchemaCli(services));
        for (Object command : moreCommands) {
            cli.addSubcommand(command);
        }
        cli
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    report(commandLine.getErr(), error);
                    return ExitCode.of(error);
                });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static void report(PrintWriter err, Exception error) {
        if (error instanceof InvalidRequestException invalid) {
            err.println("easel: invalid input, nothing was submitted:");
            for (Violation v : invalid.violations()) {
                err.println("  - " + v.message());
            }
        } else {
            err.println("easel: " + (error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()));
        }
        err.flush();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EaselCli.class.getPackage().getImplementationVersion();
            return new String[] {"easel " + (version == null ? "development" : version)};
        }
    }
}
