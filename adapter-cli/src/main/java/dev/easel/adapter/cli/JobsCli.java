package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.Since;
import dev.easel.core.port.in.TrackJobsUseCase;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel jobs}: the journaled jobs, newest first. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List journaled jobs, newest first; search and filter them.")
final class JobsCli implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final CliServicesFactory services;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DemoJournal journal = new DemoJournal();

    @Option(names = "--state", paramLabel = "S", split = ",",
            description = "Only these states (comma-separated): pending, submitting, submitted, queued, running, succeeded,"
                    + " stored, failed, cancelled, expired, or unfinished for all that have not ended.")
    private List<String> states = new ArrayList<>();

    @Option(names = {"-s", "--search"}, paramLabel = "TEXT", description = "Only jobs whose prompt has every word of TEXT.")
    private String search;

    @Option(names = "--model", paramLabel = "ID", description = "Only jobs of this model.")
    private String model;

    @Option(names = "--since", paramLabel = "D", description = "Only jobs made since D: a day (2026-11-01), an instant,"
            + " or a time back from now (30m, 24h, 7d).")
    private String since;

    @Option(names = "--after", paramLabel = "JOB", description = "The page after this job (the id the previous page ended with).")
    private String after;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N jobs (default ${DEFAULT-VALUE}, at most "
            + JobQuery.MAX_LIMIT + "; 0 for all, page by page).")
    private int limit = 50;

    @Option(names = "--json", description = "Print a JSON array.")
    private boolean json;

    JobsCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        JobQuery query = query();
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(journal.demo, Map.of())) {
            TrackJobsUseCase tracking = session.tracking();
            JobPage page = tracking.search(query);
            if (page.jobs().isEmpty()) {
                if (json) {
                    out.println("[]");
                } else {
                    spec.commandLine().getErr().println("easel: no jobs" + (filtered() ? " match" : "")
                            + (journal.demo ? "" : " (jobs made with --demo are listed by `easel jobs --demo`)"));
                }
                return ExitCode.OK;
            }
            if (json) {
                List<JobView> views = new ArrayList<>();
                for (; ; page = tracking.search(query.after(page.next().get()))) {
                    page.jobs().forEach(j -> views.add(JobView.of(j, session::locate)));
                    if (limit != 0 || page.next().isEmpty()) {
                        break;
                    }
                }
                out.println(new ObjectMapper().writeValueAsString(views));
                return ExitCode.OK;
            }
            out.printf("%-22s  %-19s  %-26s  %6s  %s%n", "JOB", "CREATED", "STATE", "IMAGES", "PROMPT");
            for (; ; page = tracking.search(query.after(page.next().get()))) {
                for (Job job : page.jobs()) {
                    out.printf("%-22s  %-19s  %-26s  %6d  %s%n", job.id(), WHEN.format(job.createdAt()), Jobs.state(job),
                            job.images().size(), Jobs.prompt(job, 60));
                }
                if (limit != 0 || page.next().isEmpty()) {
                    break;
                }
            }
            if (limit != 0 && page.next().isPresent()) {
                spec.commandLine().getErr().println("easel: more jobs follow: add --after " + page.next().get());
            }
        }
        return ExitCode.OK;
    }

    private boolean filtered() {
        return !states.isEmpty() || search != null || model != null || since != null || after != null;
    }

    private JobQuery query() {
        if (limit < 0 || limit > JobQuery.MAX_LIMIT) {
            throw InvalidRequestException.of("limit", limit, "is not allowed: use an integer from 0 (all) to " + JobQuery.MAX_LIMIT);
        }
        JobQuery query = JobQuery.newest(limit == 0 ? JobQuery.MAX_LIMIT : limit).withStates(parseStates()).withText(search);
        if (model != null) {
            query = query.withModel(ModelId.of(model));
        }
        if (since != null) {
            query = query.withSince(Since.parse(since, Instant.now(), ZoneId.systemDefault()));
        }
        if (after != null) {
            query = query.after(JobId.of(after.trim()));
        }
        return query;
    }

    private Set<JobState> parseStates() {
        return JobQuery.parseStates(states);
    }

}
