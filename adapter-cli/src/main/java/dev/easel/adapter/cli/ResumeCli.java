package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.HeldJobs;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.GenerateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel resume}: finish every unfinished job of the journal. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Finish every unfinished job in the journal.",
            "Submits jobs never sent, follows those at the provider, stores those generated but not stored.",
            "Jobs whose submission outcome is unknown are reported, never resent.",
            "Safe beside other easel processes on the same journal: each job is submitted by one only.",
            "Only jobs made for this provider (--provider); those of another provider, and those another",
            "process's lease still holds, are counted on stderr (the latter exit 5)."})
final class ResumeCli implements Callable<Integer> {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DemoJournal journal = new DemoJournal();

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Jobs at once (default ${DEFAULT-VALUE}).")
    private int concurrency = 8;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to wait for the jobs (default 10m).")
    private Duration timeout = GenerateCommand.DEFAULT_TIMEOUT;

    @Option(names = "--json", description = "Print one JSON line per job.")
    private boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    private boolean quiet;

    ResumeCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (CliServices session = services.open(journal.demo, providerOption.overrides(Map.of()))) {
            List<Job> ended = session.tracking().resume(concurrency, timeout,
                    ProgressPrinter.unlessQuiet(quiet, err));
            ObjectMapper mapper = new ObjectMapper();
            int worst = ExitCode.OK;
            for (Job job : ended) {
                if (json) {
                    out.println(mapper.writeValueAsString(JobView.of(job, session::locate)));
                } else {
                    for (StoredImage image : job.images()) {
                        out.println(session.locate(image));
                    }
                }
                if (job.state() == JobState.SUBMITTING) {
                    err.println("easel: job " + job.id() + " was sent with an unknown outcome and is not sent again;"
                            + " check the provider's dashboard, then `easel cancel " + job.id() + "` to drop it");
                    worst = Math.max(worst, ExitCode.OTHER);
                } else if (ExitCode.of(job) != ExitCode.OK) {
                    err.println("easel: job " + job.id() + " is " + Jobs.state(job) + (job.note().isEmpty() ? "" : ": " + job.note()));
                    worst = Math.max(worst, ExitCode.of(job));
                }
            }
            long stored = ended.stream().filter(j -> j.state() == JobState.STORED).count();
            err.println("easel: resumed " + ended.size() + " job" + (ended.size() == 1 ? "" : "s") + ", " + stored + " stored");
            HeldJobs held = session.tracking().heldElsewhere();
            if (held.count() > 0) {
                // Not everything finished: as a timeout, they stay journaled and are finished later.
                err.println("easel: " + held.count() + " unfinished job" + (held.count() == 1 ? " is" : "s are")
                        + " held by another process's lease" + held.until().map(u -> " (until " + UNTIL.format(u)
                        + " unless that process still lives and renews it)").orElse("")
                        + ": a running `easel serve` takes " + (held.count() == 1 ? "it" : "them")
                        + " over once the lease runs out, or run `easel resume` again then");
                worst = Math.max(worst, ExitCode.TIMED_OUT);
            }
            // Jobs of another provider are not this resume's to finish: said, and the exit code left as it is.
            session.tracking().leftForOtherProviders().forEach((provider, count) -> err.println("easel: left " + count
                    + " unfinished job" + (count == 1 ? "" : "s") + " made for provider " + provider
                    + ": `easel resume --provider " + provider + "` finishes " + (count == 1 ? "it" : "them")));
            return worst;
        }
    }
}
