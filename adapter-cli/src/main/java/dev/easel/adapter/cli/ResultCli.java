package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.Job;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.GenerateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code easel result ID}: the job's stored files, downloading them first if needed. */
@Command(name = "result", mixinStandardHelpOptions = true,
        description = {"Print a job's stored files, storing them first if needed.",
            "If the job finished but its images are not stored yet, or it is still at the provider, waits and stores them."})
final class ResultCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DemoJournal journal = new DemoJournal();

    @Parameters(paramLabel = "ID", description = "Easel job id or provider request id.")
    private String id;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to wait for a job still at the provider (default 10m).")
    private Duration timeout = GenerateCommand.DEFAULT_TIMEOUT;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    private boolean quiet;

    ResultCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (CliServices session = services.open(journal.demo, providerOption.overrides(Map.of()))) {
            Job job = session.tracking().result(id, timeout,
                    ProgressPrinter.unlessQuiet(quiet, err));
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(JobView.of(job, session::locate)));
            } else {
                for (StoredImage image : job.images()) {
                    out.println(session.locate(image));
                }
            }
            if (ExitCode.of(job) != ExitCode.OK) {
                err.println("easel: job " + job.id() + " is " + Jobs.state(job) + (job.note().isEmpty() ? "" : ": " + job.note()));
            }
            return ExitCode.of(job);
        }
    }
}
