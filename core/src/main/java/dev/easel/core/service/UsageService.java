package dev.easel.core.service;

import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.out.JobJournal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Sums costs in the journal, where every job's cost is kept. */
public final class UsageService implements ReportUsageUseCase {

    private final JobJournal journal;

    public UsageService(JobJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    @Override
    public List<UsageLine> usage(Optional<Instant> since, UsageGrouping by) {
        return journal.usage(Objects.requireNonNull(since, "since"), Objects.requireNonNull(by, "by"));
    }
}
