package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel jobs}: the journaled jobs, newest first. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List journaled jobs, newest first.")
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

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N jobs (default ${DEFAULT-VALUE}; 0 for all).")
    private int limit = 50;

    @Option(names = "--json", description = "Print a JSON array.")
    private boolean json;

    JobsCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        Set<JobState> wanted = parseStates();
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(journal.demo, Map.of())) {
            List<Job> jobs = new ArrayList<>(session.tracking().jobs());
            Collections.reverse(jobs);
            List<Job> shown = jobs.stream().filter(j -> wanted.contains(j.state()))
                    .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(shown.stream().map(j -> JobView.of(j, session::locate)).toList()));
            } else if (shown.isEmpty()) {
                spec.commandLine().getErr().println("easel: no jobs" + (states.isEmpty() ? "" : " in state " + String.join(", ", states))
                        + (journal.demo ? "" : " (jobs made with --demo are listed by `easel jobs --demo`)"));
            } else {
                out.printf("%-22s  %-19s  %-26s  %6s  %s%n", "JOB", "CREATED", "STATE", "IMAGES", "PROMPT");
                for (Job job : shown) {
                    out.printf("%-22s  %-19s  %-26s  %6d  %s%n", job.id(), WHEN.format(job.createdAt()), Jobs.state(job),
                            job.images().size(), Jobs.prompt(job, 60));
                }
            }
        }
        return ExitCode.OK;
    }

    private Set<JobState> parseStates() {
        if (states.isEmpty()) {
            return EnumSet.allOf(JobState.class);
        }
        Set<JobState> wanted = EnumSet.noneOf(JobState.class);
        for (String state : states) {
            String name = state.trim().toUpperCase(Locale.ROOT);
            if (name.equals("UNFINISHED")) {
                Arrays.stream(JobState.values()).filter(s -> !s.isTerminal()).forEach(wanted::add);
                continue;
            }
            try {
                wanted.add(JobState.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw dev.easel.core.error.InvalidRequestException.of("state", state, "is not one of: unfinished, "
                        + Arrays.stream(JobState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }
        return wanted;
    }
}
