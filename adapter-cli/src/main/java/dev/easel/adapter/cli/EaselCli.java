package dev.easel.adapter.cli;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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

    /**
     * Runs one command line and returns its exit code.
     *
     * @param moreCommands commands of the composition root, made only when the command line needs them
     */
    public static int run(String[] args, CliServicesFactory services, PrintWriter out, PrintWriter err,
                          Subcommand... moreCommands) {
        if (isVersion(args)) {
            // What picocli prints for --version, without building its model of the command first.
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK;
        }
        List<Subcommand> commands = new ArrayList<>(List.of(
                new Subcommand(GenerateCli.class, () -> new GenerateCli(services)),
                new Subcommand(BatchCli.class, () -> new BatchCli(services)),
                new Subcommand(JobsCli.class, () -> new JobsCli(services)),
                new Subcommand(StatusCli.class, () -> new StatusCli(services)),
                new Subcommand(ResultCli.class, () -> new ResultCli(services)),
                new Subcommand(CancelCli.class, () -> new CancelCli(services)),
                new Subcommand(ResumeCli.class, () -> new ResumeCli(services)),
                new Subcommand(UsageCli.class, () -> new UsageCli(services)),
                new Subcommand(InspectCli.class, InspectCli::new),
                new Subcommand(ModelsCli.class, () -> new ModelsCli(services)),
                new Subcommand(SchemaCli.class, () -> new SchemaCli(services))));
        commands.addAll(List.of(moreCommands));
        CommandLine cli = new CommandLine(new EaselCli(), new Factory());
        for (Subcommand command : needed(commands, args)) {
            cli.addSubcommand(command.make().get());
        }
        cli
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new Failure());
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The commands picocli must know for this command line. Picocli builds each registered command's
     * model by reflection up front, which was most of a short command's start-up: a command line that
     * names a command gets that one only ({@code --version} is answered before picocli); help, an
     * empty or a mistyped command line get all of them, since their answers list or suggest commands.
     * The commands not needed are not even made: making one initialises its class, and some hold what
     * only they use (a JSON mapper, a time zone's rules).
     */
    private static List<Subcommand> needed(List<Subcommand> commands, String[] args) {
        if (args.length > 0) {
            for (Subcommand command : commands) {
                if (command.name().equals(args[0])) {
                    return List.of(command);
                }
            }
        }
        return commands;
    }

    /**
     * A command by its picocli-annotated class, and how to make it: its name is read from the class's
     * {@link Command} annotation, which does not initialise the class.
     */
    public record Subcommand(Class<?> type, Supplier<?> make) {

        /** The command's name, as typed on the command line. */
        public String name() {
            return type.getAnnotation(Command.class).name();
        }
    }

    private static boolean isVersion(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /**
     * A command's failure reported on stderr, with its exit code. A class rather than a lambda: picocli's
     * interfaces are Java 5 class files, so the class-data-sharing archive cannot hold a lambda
     * implementing one, and the JDK would generate its class at every start (decision 0024).
     */
    private static final class Failure implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            report(commandLine.getErr(), error, SUBMITTING.contains(commandLine.getCommandName()));
            return ExitCode.of(error);
        }
    }

    /**
     * Makes what picocli needs made (converters, the version provider) by their no-argument constructor,
     * as picocli's own factory does. Picocli's, when its class loads, first looks for Groovy's closure
     * class on the class path: a failed look-up through the 19,000-entry jar, 5 ms of the main thread at
     * every start. Interfaces (a collection option's type) still go to picocli's, which knows what to make.
     * A class rather than a lambda, like {@link Failure}.
     */
    private static final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type.isInterface()) {
                return CommandLine.defaultFactory().create(type);
            }
            Constructor<K> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        }
    }

    /** The commands that could send (and pay for) a job: their refused input says that nothing was submitted. */
    private static final java.util.Set<String> SUBMITTING = java.util.Set.of("generate", "batch", "resume");

    static void report(PrintWriter err, Exception error, boolean submits) {
        if (error instanceof InvalidRequestException invalid) {
            err.println(submits ? "easel: invalid input, nothing was submitted:" : "easel: invalid input:");
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
