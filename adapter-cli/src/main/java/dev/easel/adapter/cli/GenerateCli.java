package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.InputSchema;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.GenerateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code easel generate PROMPT…}: submit, wait, store, and print where each image went. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate images from a prompt, wait for them and store them.",
            "Prints each stored file on its own line (or one JSON object with --json)."})
final class GenerateCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PROMPT",
            description = "What to draw. Several words are joined with spaces; quote the prompt to keep it exact."
                    + " May come from --input instead.")
    private List<String> prompt = new ArrayList<>();

    @CommandLine.Mixin
    private InputOptions input = new InputOptions();

    @Option(names = "--no-wait", description = "Submit, print the job id and return; `easel resume` finishes it later.")
    private boolean noWait;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to wait for the job, such as 90s or 10m (default 10m). The job stays resumable.")
    private Duration timeout = GenerateCommand.DEFAULT_TIMEOUT;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder for images (file store; default ./easel-output or EASEL_OUTPUT).")
    private String output;

    @Option(names = "--json", description = "Print one JSON object describing the job instead of paths.")
    private boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    private boolean quiet;

    @Option(names = "--demo", description = "Run against the built-in RunComfy emulator on loopback (no token, no cost; placeholder pictures).")
    private boolean demo;

    /** How long a command that was interrupted waits for its job's cancellation before the session closes. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

    GenerateCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        Map<String, String> overrides = new HashMap<>();
        if (output != null) {
            overrides.put("output", output);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (CliServices session = services.open(demo, providerOption.overrides(overrides))) {
            GenerateCommand command = new GenerateCommand(input.modelId(), inputs(session), timeout);
            LatestJob latest = new LatestJob(ProgressPrinter.unlessQuiet(quiet, err));
            Thread cancelOnInterrupt = new Thread(() -> cancelOnInterrupt(latest.job(), session, err), "easel-interrupt");
            Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
            try {
                Job job = noWait
                        ? session.submission().submit(command, latest)
                        : session.generation().generate(command, latest);
                print(job, session, out, err);
                return noWait ? ExitCode.OK : ExitCode.of(job);
            } finally {
                if (!removeQuietly(cancelOnInterrupt)) {
                    // Shutting down: the hook may still be cancelling and journaling the job, and the
                    // session must not close under it.
                    joinQuietly(cancelOnInterrupt);
                }
            }
        }
    }

    /**
     * Ctrl-C (or a TERM signal) while waiting: a queued job is cancelled so it is not billed; a
     * running one cannot be, and stays journaled for resume. Nothing happens with --no-wait.
     */
    private void cancelOnInterrupt(Job job, CliServices session, PrintWriter err) {
        if (noWait || job == null || job.state().isTerminal() || job.state() == JobState.SUCCEEDED) {
            return;
        }
        err.println();
        err.println("easel: interrupted; cancelling job " + job.id() + " …");
        try {
            err.println("easel: " + session.cancellation().cancel(job.id().value()).message());
        } catch (RuntimeException e) {
            err.println("easel: could not cancel job " + job.id() + ": " + e.getMessage()
                    + ". It stays journaled; `easel cancel " + job.id() + "` tries again");
        }
        err.flush();
    }

    /** Removes the hook; false when the JVM is already shutting down and the hook runs or has run. */
    private static boolean removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    private static void joinQuietly(Thread hook) {
        try {
            hook.join(CANCEL_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes events on and remembers the latest state of the job, for the interrupt hook. */
    private static final class LatestJob implements JobListener {
        private final JobListener next;
        private volatile Job job;

        LatestJob(JobListener next) {
            this.next = next;
        }

        Job job() {
            return job;
        }

        @Override
        public void onChange(Job changed) {
            job = changed;
            next.onChange(changed);
        }

        @Override
        public void onStatus(Job polled, ProviderStatus status) {
            next.onStatus(polled, status);
        }
    }

    /** The flags' inputs for the model's schema, local files made fetchable, and the prompt words over them. */
    private Map<String, Object> inputs(CliServices session) {
        InputSchema schema = session.models().describe(input.modelId()).inputs();
        Map<String, Object> inputs = new LinkedHashMap<>(input.inputs(schema, session.files()));
        if (!prompt.isEmpty()) {
            inputs.put("prompt", String.join(" ", prompt));
        }
        return inputs;
    }

    private void print(Job job, CliServices session, PrintWriter out, PrintWriter err) throws IOException {
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(JobView.of(job, session::locate)));
        } else if (noWait) {
            out.println(job.id());
        } else {
            for (StoredImage image : job.images()) {
                out.println(session.locate(image));
            }
        }
        out.flush();
        if (!quiet && !noWait && ExitCode.of(job) == ExitCode.TIMED_OUT) {
            err.println("easel: job " + job.id() + " is still " + job.state().name().toLowerCase(java.util.Locale.ROOT)
                    + " after " + timeout.toSeconds() + "s; it stays journaled: run `easel resume` to finish it");
        } else if (!noWait && ExitCode.of(job) == ExitCode.JOB_FAILED) {
            err.println("easel: job " + job.id() + " " + job.state().name().toLowerCase(java.util.Locale.ROOT)
                    + (job.note().isEmpty() ? "" : ": " + job.note()));
        }
        err.flush();
    }
}
