package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.BatchCommand;
import dev.easel.core.port.in.BatchItem;
import dev.easel.core.port.in.BatchListener;
import dev.easel.core.port.in.BatchOutcome;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.RunBatchUseCase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code easel batch FILE}: one job per line, run with bounded concurrency. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate one job per line of FILE.",
            "A line is a plain prompt, or a JSON object of inputs merged over the flags.",
            "Every line is checked before anything is submitted. Re-running the same file pays for nothing twice:",
            "lines already stored or under way are skipped or finished, failed ones are tried again.",
            "Stored files go to stdout as they arrive (JSON lines with --json); progress and a summary to stderr."})
final class BatchCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The batch file (UTF-8; # starts a comment line).")
    private Path file;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", order = 1,
            description = "Jobs at once, 1 to " + BatchCommand.MAX_CONCURRENCY + " (default ${DEFAULT-VALUE}).")
    private int concurrency = 8;

    @CommandLine.Mixin
    private InputOptions input = new InputOptions();

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class, order = 20,
            description = "How long to wait for each job (default 10m); unfinished jobs stay resumable.")
    private Duration timeout = GenerateCommand.DEFAULT_TIMEOUT;

    @Option(names = "--skip-invalid", order = 21, description = "Run the valid lines even if some are invalid (they are reported).")
    private boolean skipInvalid;

    @Option(names = "--force", order = 22, description = "Generate every line again, even those already stored.")
    private boolean force;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", order = 23, description = "Folder for images (file store).")
    private String output;

    @Option(names = "--json", order = 24, description = "Print one JSON line per finished line instead of paths.")
    private boolean json;

    @Option(names = {"-q", "--quiet"}, order = 25, description = "No progress on stderr (the summary is still printed).")
    private boolean quiet;

    @Option(names = "--demo", order = 26, description = "Run against the built-in RunComfy emulator on loopback.")
    private boolean demo;

    BatchCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchFile batch = BatchFile.read(file, input.modelId(), input.inputs());
        Map<String, String> overrides = new HashMap<>();
        if (output != null) {
            overrides.put("output", output);
        }
        try (CliServices session = services.open(demo, providerOption.overrides(overrides))) {
            RunBatchUseCase batches = startingTogether(session, batch);
            if (!batch.problems().isEmpty() && !skipInvalid) {
                // Every problem of the file at once, unreadable lines and invalid ones, and nothing sent.
                List<Violation> problems = new ArrayList<>(batch.problems());
                problems.addAll(batches.check(batch.items()));
                problems.sort(Comparator.comparingInt(BatchCli::lineOf));
                throw new InvalidRequestException(problems);
            }
            // The run checks every line before it sends anything (once: no separate check first) and
            // tells the invalid lines it skips before it starts; the listener prints them.
            Instant start = Instant.now();
            List<BatchOutcome> outcomes;
            boolean terminal = !quiet && !"plain".equals(System.getenv("EASEL_PROGRESS")) && System.console() != null;
            try (BatchProgress progress = new BatchProgress(err, terminal, Clock.systemUTC())) {
                BatchListener listener = quiet ? printing(out, session, BatchListener.NONE, () -> { }, batch.problems())
                        : printing(out, session, progress, progress::clearLine, batch.problems());
                outcomes = batches.run(new BatchCommand(batch.items(), concurrency, timeout, skipInvalid, force), listener);
            }
            summarize(outcomes, batch.problems().size(), Duration.between(start, Instant.now()), err);
            return exitCode(outcomes);
        }
    }

    /**
     * The batch service, made on another thread while this one reads the catalog entries of the
     * file's models (from the cache, or the provider's API on a first run), which the lines are
     * checked against: the two are independent (the service's making mostly opens the journal's
     * database), and a batch's first submit waits for both.
     */
    private static RunBatchUseCase startingTogether(CliServices session, BatchFile batch) {
        CompletableFuture<RunBatchUseCase> making = CompletableFuture.supplyAsync(session::batches, runnable -> {
            Thread thread = new Thread(runnable, "easel-batch-start");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            Set<ModelId> models = new LinkedHashSet<>();
            batch.items().forEach(item -> models.add(item.model()));
            for (ModelId model : models) {
                try {
                    session.models().describe(model);
                } catch (EaselException unknownOrUnreachable) {
                    // The run's own check reports it, naming the lines.
                }
            }
        } catch (RuntimeException failed) {
            // The service is waited for, not reported: the catalog's error is the one the user sees.
            making.handle((made, alsoFailed) -> made).join();
            throw failed;
        }
        try {
            return making.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Prints each item's files (or JSON line) as soon as it ends, then passes the event on. */
    private BatchListener printing(PrintWriter out, CliServices session, BatchListener next, Runnable beforePrint,
                                   List<Violation> unreadable) {
        ObjectMapper mapper = json ? new ObjectMapper() : null;
        PrintWriter err = spec.commandLine().getErr();
        return new BatchListener() {
            private boolean skippedShown;

            @Override
            public void onInvalid(List<Violation> problems) {
                showSkipped(problems);
            }

            @Override
            public void onStart(int total, int toRun) {
                showSkipped(List.of());
                next.onStart(total, toRun);
            }

            @Override
            public void onChange(BatchItem item, dev.easel.core.model.Job job) {
                next.onChange(item, job);
            }

            /** The lines skipped, unreadable and invalid, in the file's order, once, before the run starts. */
            private void showSkipped(List<Violation> invalid) {
                if (skippedShown) {
                    return;
                }
                skippedShown = true;
                List<Violation> problems = new ArrayList<>(unreadable);
                problems.addAll(invalid);
                problems.sort(Comparator.comparingInt(BatchCli::lineOf));
                problems.forEach(p -> err.println("easel: skipping " + p.message()));
                err.flush();
            }

            @Override
            public void onDone(BatchOutcome outcome) {
                synchronized (out) {
                    beforePrint.run();
                    if (json) {
                        Map<String, Object> line = new java.util.LinkedHashMap<>();
                        line.put("line", outcome.item().line());
                        line.put("outcome", outcome.kind().name().toLowerCase(Locale.ROOT));
                        outcome.job().ifPresent(j -> line.put("job", JobView.of(j, session::locate)));
                        if (!outcome.message().isEmpty()) {
                            line.put("message", outcome.message());
                        }
                        try {
                            out.println(mapper.writeValueAsString(line));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    } else if (outcome.kind() == BatchOutcome.Kind.STORED || outcome.kind() == BatchOutcome.Kind.ALREADY_STORED) {
                        for (StoredImage image : outcome.job().orElseThrow().images()) {
                            out.println(session.locate(image));
                        }
                    }
                    out.flush();
                }
                next.onDone(outcome);
            }
        };
    }

    private static void summarize(List<BatchOutcome> outcomes, int unreadable, Duration took, PrintWriter err) {
        Map<BatchOutcome.Kind, Integer> counts = new EnumMap<>(BatchOutcome.Kind.class);
        outcomes.forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
        StringBuilder line = new StringBuilder("easel: " + (outcomes.size() + unreadable) + " lines in "
                + String.format("%.1fs", took.toMillis() / 1000.0) + ":");
        counts.forEach((kind, n) -> line.append(' ').append(n).append(' ')
                .append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(','));
        if (unreadable > 0) {
            line.append(' ').append(unreadable).append(" unreadable,");
        }
        err.println(line.substring(0, line.length() - (line.charAt(line.length() - 1) == ',' ? 1 : 0)));
        for (BatchOutcome o : outcomes) {
            if (o.kind() != BatchOutcome.Kind.STORED && o.kind() != BatchOutcome.Kind.ALREADY_STORED) {
                err.println("  line " + o.item().line() + ": " + o.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (o.message().isEmpty() ? "" : ": " + o.message()));
            }
        }
        err.flush();
    }

    private static int lineOf(Violation violation) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(violation.field());
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Lines skipped with --skip-invalid were the user's choice and do not change the code. */
    private static int exitCode(List<BatchOutcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.kind() == BatchOutcome.Kind.NOT_STARTED)) {
            return ExitCode.CONFIGURATION;
        }
        if (outcomes.stream().anyMatch(o -> o.kind() == BatchOutcome.Kind.FAILED)) {
            return ExitCode.JOB_FAILED;
        }
        if (outcomes.stream().anyMatch(o -> o.kind() == BatchOutcome.Kind.UNKNOWN)) {
            return ExitCode.OTHER;
        }
        if (outcomes.stream().anyMatch(o -> o.kind() == BatchOutcome.Kind.UNFINISHED)) {
            return ExitCode.TIMED_OUT;
        }
        return ExitCode.OK;
    }
}
