package dev.easel.core.testing;

import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.Submission;
import dev.easel.core.port.out.GenerationProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A provider whose answers a test writes down in advance: a queue of statuses (the last one
 * repeats), a result (one for all requests, or one per request), and the bytes behind each output
 * URL. It counts every call. By default it is queue-shaped and cannot cancel; {@link #synchronous()}
 * makes it answer every submit with the result at once, as ModelArk does, and
 * {@link #cancelsQueued()} gives it the cancel capability (a request is cancellable until a status
 * call said it runs).
 */
public class ScriptedProvider implements GenerationProvider {

    private final Deque<Supplier<ProviderStatus>> statuses = new ArrayDeque<>();
    private final Map<URI, byte[]> outputs = new HashMap<>();
    private final List<GenerationRequest> submitted = new ArrayList<>();
    private final Map<RequestId, GenerationRequest> byId = new HashMap<>();
    private final Set<RequestId> cancelled = new HashSet<>();
    private final List<List<URI>> released = new ArrayList<>();
    private Function<GenerationRequest, ProviderResult> results =
            request -> ProviderResult.failed("no result scripted");
    private RuntimeException submitFailure;
    private boolean loseNextAnswer;
    private boolean synchronous;
    private boolean cancels;
    private RemoteState lastStatus = RemoteState.QUEUED;
    private int statusCalls;
    private int resultCalls;

    public ScriptedProvider statuses(RemoteState... states) {
        for (RemoteState state : states) {
            statuses.add(() -> ProviderStatus.of(state));
        }
        return this;
    }

    /** A status call answered by {@code answer}, which may act (journal a change, as another process would) or throw. */
    public synchronized ScriptedProvider statusFrom(Supplier<ProviderStatus> answer) {
        statuses.add(answer);
        return this;
    }

    public ScriptedProvider statusThrows(RuntimeException error) {
        statuses.add(() -> {
            throw error;
        });
        return this;
    }

    public synchronized ScriptedProvider result(ProviderResult value) {
        this.results = request -> value;
        return this;
    }

    /**
     * A result chosen per request, such as a failure for prompts with a marker; called with null for
     * a request id this provider never answered.
     */
    public synchronized ScriptedProvider resultsBy(Function<GenerationRequest, ProviderResult> value) {
        this.results = value;
        return this;
    }

    /** Success with these outputs, each served as the given bytes. */
    public ScriptedProvider succeedsWith(Map<URI, byte[]> files) {
        serves(files);
        return result(ProviderResult.succeeded(List.copyOf(files.keySet()), Optional.empty()));
    }

    /** Serves these bytes at these output URIs. */
    public synchronized ScriptedProvider serves(Map<URI, byte[]> files) {
        outputs.putAll(files);
        return this;
    }

    /** Every submit answers with the scripted result at once. */
    public ScriptedProvider synchronous() {
        this.synchronous = true;
        return this;
    }

    /** Cancelling is possible: a request is cancelled until a status call said it runs or ended. */
    public ScriptedProvider cancelsQueued() {
        this.cancels = true;
        return this;
    }

    public ScriptedProvider submitFails(RuntimeException error) {
        this.submitFailure = error;
        return this;
    }

    /** The next submit creates its job, then its answer is lost. */
    public synchronized ScriptedProvider loseNextAnswer() {
        this.loseNextAnswer = true;
        return this;
    }

    /** It stands in for RunComfy: jobs made through it are recorded as made for "runcomfy". */
    @Override
    public String name() {
        return "runcomfy";
    }

    @Override
    public synchronized Submission submit(GenerationRequest request) {
        if (submitFailure != null) {
            throw submitFailure;
        }
        submitted.add(request);
        RequestId id = RequestId.of("req-" + submitted.size());
        byId.put(id, request);
        if (loseNextAnswer) {
            loseNextAnswer = false;
            throw new SubmissionOutcomeUnknownException("the scripted answer to the submit of " + id + " was lost");
        }
        return synchronous ? Submission.finished(id, results.apply(request)) : Submission.accepted(id);
    }

    @Override
    public synchronized ProviderStatus status(RequestId id) {
        statusCalls++;
        if (cancelled.contains(id)) {
            return ProviderStatus.of(RemoteState.CANCELLED);
        }
        Supplier<ProviderStatus> next = statuses.size() > 1 ? statuses.poll() : statuses.peek();
        if (next == null) {
            throw new IllegalStateException("no status scripted");
        }
        ProviderStatus status = next.get();
        lastStatus = status.state();
        return status;
    }

    @Override
    public synchronized ProviderResult result(RequestId id) {
        resultCalls++;
        if (cancelled.contains(id)) {
            return new ProviderResult(RemoteState.CANCELLED, List.of(), Optional.empty(), Optional.empty());
        }
        // A request this instance never saw (journaled by an earlier run) gets the result given for null.
        return results.apply(byId.get(id));
    }

    @Override
    public Optional<Cancellation> cancellation() {
        if (!cancels) {
            return Optional.empty();
        }
        return Optional.of(id -> {
            synchronized (this) {
                if (lastStatus != RemoteState.QUEUED) {
                    return CancelOutcome.NOT_CANCELLABLE;
                }
                cancelled.add(id);
                return CancelOutcome.CANCELLED;
            }
        });
    }

    @Override
    public synchronized InputStream openOutput(URI output) {
        byte[] bytes = outputs.get(output);
        if (bytes == null) {
            throw new OutputExpiredException("the output " + output + " is no longer served (HTTP 404)");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public synchronized void release(List<URI> outputs) {
        released.add(List.copyOf(outputs));
    }

    /** The outputs of each job the flow said it stored, in order. */
    public synchronized List<List<URI>> released() {
        return List.copyOf(released);
    }

    public synchronized List<GenerationRequest> submitted() {
        return List.copyOf(submitted);
    }

    public synchronized int statusCalls() {
        return statusCalls;
    }

    public synchronized int resultCalls() {
        return resultCalls;
    }
}
