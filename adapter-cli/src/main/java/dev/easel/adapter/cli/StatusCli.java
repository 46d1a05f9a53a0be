package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.Job;
import dev.easel.core.model.Transition;
import dev.easel.core.port.in.TrackJobsUseCase;
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

/** {@code easel status ID}: one job as journaled, and live from the provider while it holds it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show one job: its journaled history, and its live state at the provider.",
            "ID is an Easel job id or a provider request id."})
final class StatusCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Mixin
    private ProviderOption providerOption = new ProviderOption();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DemoJournal journal = new DemoJournal();

    @Parameters(paramLabel = "ID", description = "Easel job id or provider request id.")
    private String id;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    StatusCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(journal.demo, providerOption.overrides(Map.of()))) {
            TrackJobsUseCase.JobStatus status = session.tracking().status(id);
            Job job = status.job();
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("job", JobView.of(job, session::locate));
                status.live().ifPresent(live -> {
                    Map<String, Object> provider = new LinkedHashMap<>();
                    provider.put("status", live.rawState());
                    live.queuePosition().ifPresent(p -> provider.put("queue_position", p));
                    view.put("provider", provider);
                });
                out.println(new ObjectMapper().writeValueAsString(view));
                return ExitCode.OK;
            }
            out.println("job       " + job.id());
            out.println("state     " + Jobs.state(job) + (job.note().isEmpty() ? "" : ": " + job.note()));
            job.requestId().ifPresent(r -> out.println("request   " + r));
            status.live().ifPresent(live -> out.println("provider  " + live.rawState()
                    + (live.queuePosition().isPresent() ? ", queue position " + live.queuePosition().getAsInt() : "")));
            out.println("model     " + job.request().model());
            out.println("prompt    " + Jobs.prompt(job, 200));
            job.cost().ifPresent(c -> out.println("cost      $" + c.toPlainString()));
            for (Transition t : job.history()) {
                out.println("  " + t.at() + "  " + t.state().name().toLowerCase(Locale.ROOT)
                        + (t.note().isEmpty() ? "" : "  " + t.note()));
            }
            job.images().forEach(i -> out.println("image     " + session.locate(i) + "  " + i.width() + "x" + i.height()));
        }
        return ExitCode.OK;
    }
}
