package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.port.in.CancelReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code easel cancel ID}: cancel a queued job. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a job by Easel job id or provider request id.",
            "Only queued jobs can be cancelled; a running job goes on and stays resumable.",
            "Prints cancelled or not_cancellable; exits 0 when cancelled, 1 otherwise."})
final class CancelCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DemoJournal journal = new DemoJournal();

    @Parameters(paramLabel = "ID", description = "Easel job id (such as 20261121-053812-k3f9qa) or provider request id.")
    private String id;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    CancelCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (CliServices session = services.open(journal.demo, providerOption.overrides(Map.of()))) {
            CancelReport report = session.cancellation().cancel(id);
            String outcome = report.outcome().name().toLowerCase(Locale.ROOT);
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("outcome", outcome);
                report.job().ifPresent(j -> {
                    view.put("job_id", j.id().value());
                    view.put("state", j.state().name().toLowerCase(Locale.ROOT));
                });
                view.put("message", report.message());
                out.println(new ObjectMapper().writeValueAsString(view));
            } else {
                out.println(outcome);
                err.println("easel: " + report.message());
            }
            return report.cancelled() ? ExitCode.OK : ExitCode.OTHER;
        }
    }
}
