package dev.easel.adapter.cli;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.easel.core.model.Since;
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel usage}: what was spent, from the costs the provider reported for each job. */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "What was spent, by model, by day or by API key.")
final class UsageCli implements Callable<Integer> {

    private final CliServicesFactory services;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DemoJournal journal = new DemoJournal();

    @Option(names = "--since", paramLabel = "D", description = "Only jobs made since D: a day (2026-11-01), an instant,"
            + " or a time back from now (30m, 24h, 7d).")
    private String since;

    @Option(names = "--by", paramLabel = "model|day|key",
            description = "Group by model (default), by day (UTC), or by the name of the API key that asked for the jobs"
                    + " through easel serve (jobs from this machine's commands: local).")
    private String by = "model";

    @Option(names = "--json", description = "Print a JSON object.")
    private boolean json;

    UsageCli(CliServicesFactory services) {
        this.services = services;
    }

    @Override
    public Integer call() throws IOException {
        UsageGrouping grouping = UsageGrouping.of(by);
        Optional<Instant> from = Optional.ofNullable(since).map(s -> Since.parse(s, Instant.now(), ZoneId.systemDefault()));
        PrintWriter out = spec.commandLine().getOut();
        try (CliServices session = services.open(journal.demo, Map.of())) {
            List<UsageLine> lines = session.usage().usage(from, grouping);
            long jobs = lines.stream().mapToLong(UsageLine::jobs).sum();
            long priced = lines.stream().mapToLong(UsageLine::pricedJobs).sum();
            BigDecimal total = lines.stream().map(UsageLine::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (json) {
                out.println(json(grouping, from, lines, total));
                return ExitCode.OK;
            }
            String heading = grouping.name();
            out.printf("%-48s  %7s  %7s  %12s%n", heading, "JOBS", "PRICED", "COST (USD)");
            for (UsageLine line : lines) {
                out.printf("%-48s  %7d  %7d  %12s%n", line.group(), line.jobs(), line.pricedJobs(), money(line.costUsd()));
            }
            out.printf("%-48s  %7d  %7d  %12s%n", "total", jobs, priced, money(total));
            if (priced < jobs) {
                spec.commandLine().getErr().println("easel: " + (jobs - priced) + " of " + jobs
                        + " jobs have no cost (the provider reports one when a job succeeds)");
            }
        }
        return ExitCode.OK;
    }

    /** The {@code --json} answer; amounts as plain decimals (3430, not 3.43E+3, once trailing zeros are stripped). */
    static String json(UsageGrouping grouping, Optional<Instant> from, List<UsageLine> lines, BigDecimal total)
            throws IOException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("by", grouping.name().toLowerCase(java.util.Locale.ROOT));
        from.ifPresent(f -> view.put("since", f.toString()));
        view.put("groups", lines.stream().map(UsageCli::group).toList());
        view.put("total_usd", total.stripTrailingZeros());
        return JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build().writeValueAsString(view);
    }

    /** One group's fields, always in the same order (Map.of would shuffle them from run to run). */
    private static Map<String, Object> group(UsageLine line) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("group", line.group());
        group.put("jobs", line.jobs());
        group.put("priced_jobs", line.pricedJobs());
        group.put("cost_usd", line.costUsd().stripTrailingZeros());
        return group;
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.stripTrailingZeros().scale()), java.math.RoundingMode.UNNECESSARY).toPlainString();
    }
}
