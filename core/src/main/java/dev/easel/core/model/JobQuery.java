package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which journaled jobs to read, newest first: words that must all appear in the prompt, states, a
 * model, jobs created at or after {@code since}, and a page of at most {@code limit} jobs that starts
 * after the job {@code after} (keyset paging: a page never shifts when new jobs arrive).
 */
public record JobQuery(Optional<String> text, Set<JobState> states, Optional<ModelId> model,
                       Optional<Instant> since, Optional<JobId> after, int limit) {

    /** The largest page a journal returns at once. */
    public static final int MAX_LIMIT = 1000;

    public JobQuery {
        text = Objects.requireNonNull(text, "text").map(String::strip).filter(t -> !t.isEmpty());
        states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        model = Objects.requireNonNull(model, "model");
        since = Objects.requireNonNull(since, "since");
        after = Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidRequestException.of("limit", limit, "is not allowed: use an integer from 1 to " + MAX_LIMIT);
        }
    }

    /** The newest {@code limit} jobs, whatever they are. */
    public static JobQuery newest(int limit) {
        return new JobQuery(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    public JobQuery withText(String words) {
        return new JobQuery(Optional.ofNullable(words), states, model, since, after, limit);
    }

    public JobQuery withStates(Set<JobState> wanted) {
        return new JobQuery(text, wanted, model, since, after, limit);
    }

    public JobQuery withModel(ModelId id) {
        return new JobQuery(text, states, Optional.ofNullable(id), since, after, limit);
    }

    public JobQuery withSince(Instant at) {
        return new JobQuery(text, states, model, Optional.ofNullable(at), after, limit);
    }

    public JobQuery after(JobId last) {
        return new JobQuery(text, states, model, since, Optional.ofNullable(last), limit);
    }

    public JobQuery withLimit(int n) {
        return new JobQuery(text, states, model, since, after, n);
    }

    /** Whether {@code job} passes every filter (not the page bounds): the rule journals without an index follow. */
    public boolean matches(Job job) {
        if (!states.isEmpty() && !states.contains(job.state())) {
            return false;
        }
        if (model.isPresent() && !model.get().equals(job.request().model())) {
            return false;
        }
        if (since.isPresent() && job.createdAt().isBefore(since.get())) {
            return false;
        }
        if (text.isPresent()) {
            String prompt = job.request().prompt().orElse("").toLowerCase(java.util.Locale.ROOT);
            for (String word : words(text.get())) {
                if (!java.util.Arrays.asList(prompt.split("[^\\p{L}\\p{N}]+")).contains(word)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * States as people name them, any case: {@code stored}, {@code failed}, …, or {@code unfinished}
     * for every state that has not ended. Several may be given, each possibly comma-separated.
     */
    public static Set<JobState> parseStates(java.util.Collection<String> names) {
        Set<JobState> wanted = EnumSet.noneOf(JobState.class);
        for (String list : names) {
            for (String name : list.split(",")) {
                String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
                if (upper.isEmpty()) {
                    continue;
                }
                if (upper.equals("UNFINISHED")) {
                    java.util.Arrays.stream(JobState.values()).filter(s -> !s.isTerminal()).forEach(wanted::add);
                    continue;
                }
                try {
                    wanted.add(JobState.valueOf(upper));
                } catch (IllegalArgumentException e) {
                    throw InvalidRequestException.of("state", name.trim(), "is not one of: unfinished, "
                            + java.util.Arrays.stream(JobState.values()).map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                            .collect(java.util.stream.Collectors.joining(", ")));
                }
            }
        }
        return wanted;
    }

    /** The search words: letters and digits, lower case, as full-text indexes split them. */
    public static java.util.List<String> words(String text) {
        return java.util.Arrays.stream(text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty()).toList();
    }
}
