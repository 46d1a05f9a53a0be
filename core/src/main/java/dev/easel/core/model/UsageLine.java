package dev.easel.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one group of jobs cost: the group (a model id, a day {@code yyyy-MM-dd} in UTC, or a key),
 * how many jobs it holds, how many of them the provider reported a cost for, and their total in US dollars.
 */
public record UsageLine(String group, long jobs, long pricedJobs, BigDecimal costUsd) {

    public UsageLine {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(costUsd, "costUsd");
    }
}
