package dev.easel.core.model;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation, from the moment it is asked for until its images are stored (or it ends
 * otherwise). Immutable: every change returns a new job with one more {@link Transition}, which is
 * what the journal records.
 */
public final class Job {

    private final JobId id;
    private final GenerationRequest request;
    private final RequestId requestId;
    private final List<Transition> history;
    private final List<URI> outputUrls;
    private final List<StoredImage> images;
    private final BigDecimal cost;
    private final String key;
    private final String requestedBy;
    private final String provider;

    private Job(JobId id, GenerationRequest request, RequestId requestId, List<Transition> history,
                List<URI> outputUrls, List<StoredImage> images, BigDecimal cost, String key, String requestedBy,
                String provider) {
        this.id = Objects.requireNonNull(id, "id");
        this.request = Objects.requireNonNull(request, "request");
        this.requestId = requestId;
        this.history = List.copyOf(history);
        this.outputUrls = List.copyOf(outputUrls);
        this.images = List.copyOf(images);
        this.cost = cost;
        this.key = key;
        this.requestedBy = requestedBy;
        this.provider = provider;
        if (this.history.isEmpty()) {
            throw new IllegalArgumentException("job " + id + " has no history");
        }
    }

    public static Job pending(JobId id, GenerationRequest request, Instant at) {
        return pending(id, request, at, null);
    }

    /**
     * A new job with an idempotency {@code key}: work that carries the same key (the same line of the
     * same batch file) is recognised as already done or under way, and not paid for twice.
     */
    public static Job pending(JobId id, GenerationRequest request, Instant at, String key) {
        return new Job(id, request, null, List.of(new Transition(JobState.PENDING, at, "")),
                List.of(), List.of(), null, key, null, null);
    }

    /**
     * This new job, asked for by the API key named {@code name} (through {@code easel serve}); the
     * name is the key's, never the key itself.
     */
    public Job requestedBy(String name) {
        Objects.requireNonNull(name, "name");
        return new Job(id, request, requestId, history, outputUrls, images, cost, key, name, provider);
    }

    /**
     * This new job, made for the provider named {@code name} ({@code runcomfy}, {@code modelark}): its
     * request id and model mean something only there, so only a process of that provider follows it.
     */
    public Job madeFor(String name) {
        Objects.requireNonNull(name, "name");
        return new Job(id, request, requestId, history, outputUrls, images, cost, key, requestedBy, name);
    }

    /** A job read back from the journal, exactly as it was recorded. */
    public static Job restore(JobId id, GenerationRequest request, RequestId requestId, List<Transition> history,
                              List<URI> outputUrls, List<StoredImage> images, BigDecimal cost, String key) {
        return restore(id, request, requestId, history, outputUrls, images, cost, key, null, null);
    }

    /**
     * A job read back from the journal, exactly as it was recorded, with the name of the API key that
     * asked for it and of the provider it was made for.
     */
    public static Job restore(JobId id, GenerationRequest request, RequestId requestId, List<Transition> history,
                              List<URI> outputUrls, List<StoredImage> images, BigDecimal cost, String key,
                              String requestedBy, String provider) {
        return new Job(id, request, requestId, history, outputUrls, images, cost, key, requestedBy, provider);
    }

    public JobId id() {
        return id;
    }

    public GenerationRequest request() {
        return request;
    }

    public Optional<RequestId> requestId() {
        return Optional.ofNullable(requestId);
    }

    public List<Transition> history() {
        return history;
    }

    public List<URI> outputUrls() {
        return outputUrls;
    }

    public List<StoredImage> images() {
        return images;
    }

    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(cost);
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /**
     * The name of the API key that asked for the job through {@code easel serve}; empty for jobs from
     * this machine's commands and from a server without keys.
     */
    public Optional<String> requestedBy() {
        return Optional.ofNullable(requestedBy);
    }

    /** The name of the provider the job was recorded as made for; empty for jobs journaled before Easel recorded it. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /**
     * The provider the job was made for: the one recorded, else (a job journaled before Easel recorded
     * it) ModelArk's for a request id of ModelArk's ({@code ark-…}) and RunComfy's for every other, as
     * RunComfy was the only provider before ModelArk (a ModelArk job never sent counts as RunComfy's,
     * which has the same model ids).
     */
    public String providerName() {
        if (provider != null) {
            return provider;
        }
        return requestId != null && requestId.value().startsWith("ark-") ? "modelark" : "runcomfy";
    }

    /** Whether a process of provider {@code name} may follow this job: it was made for that provider. */
    public boolean isFor(String name) {
        return providerName().equals(name);
    }

    public JobState state() {
        return last().state();
    }

    public Instant createdAt() {
        return history.get(0).at();
    }

    public Instant updatedAt() {
        return last().at();
    }

    /** The reason given for the latest transition, such as the provider's failure text. */
    public String note() {
        return last().note();
    }

    public Duration age(Instant now) {
        return Duration.between(createdAt(), now);
    }

    /** When the job first entered {@code state}, if it ever did. */
    public Optional<Instant> enteredAt(JobState state) {
        return history.stream().filter(t -> t.state() == state).map(Transition::at).findFirst();
    }

    public Job submitted(RequestId providerId, Instant at) {
        Objects.requireNonNull(providerId, "providerId");
        return new Job(id, request, providerId, append(JobState.SUBMITTED, at, ""), outputUrls, images, cost, key, requestedBy, provider);
    }

    public Job moveTo(JobState next, Instant at, String note) {
        return new Job(id, request, requestId, append(next, at, note), outputUrls, images, cost, key, requestedBy, provider);
    }

    public Job succeeded(List<URI> urls, BigDecimal providerCost, Instant at) {
        return succeeded(urls, providerCost, at, "");
    }

    /** Succeeded with a note, such as which of the requested outputs the service could not make. */
    public Job succeeded(List<URI> urls, BigDecimal providerCost, Instant at, String note) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("job " + id + " succeeded without any output");
        }
        return new Job(id, request, requestId, append(JobState.SUCCEEDED, at, note), urls, images, providerCost, key, requestedBy, provider);
    }

    public Job stored(List<StoredImage> stored, Instant at) {
        return new Job(id, request, requestId, append(JobState.STORED, at, ""), outputUrls, stored, cost, key, requestedBy, provider);
    }

    private List<Transition> append(JobState next, Instant at, String note) {
        if (!state().canMoveTo(next)) {
            throw new IllegalTransitionException(id, state(), next);
        }
        List<Transition> longer = new ArrayList<>(history);
        longer.add(new Transition(next, at, note));
        return longer;
    }

    private Transition last() {
        return history.get(history.size() - 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Job that && id.equals(that.id) && request.equals(that.request)
                && Objects.equals(requestId, that.requestId) && history.equals(that.history)
                && outputUrls.equals(that.outputUrls) && images.equals(that.images)
                && Objects.equals(cost, that.cost) && Objects.equals(key, that.key)
                && Objects.equals(requestedBy, that.requestedBy) && Objects.equals(provider, that.provider);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, history);
    }

    @Override
    public String toString() {
        return "Job[" + id + " " + state() + (requestId == null ? "" : " request " + requestId) + "]";
    }
}
