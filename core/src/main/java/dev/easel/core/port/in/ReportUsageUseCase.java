package dev.easel.core.port.in;

import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What was spent, from the costs the provider reported for each journaled job. */
public interface ReportUsageUseCase {

    /** The jobs created at or after {@code since} (all when empty), grouped, in the group's order. */
    List<UsageLine> usage(Optional<Instant> since, UsageGrouping by);
}
