package dev.easel.core.testing;

import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.GenerationProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A provider whose answers a test writes down in advance: a queue of statuses (the last one
 * repeats), a result, and the bytes behind each output URL. It counts every call.
 */
public class ScriptedProvider implements GenerationProvider {

    private final Deque<Supplier<ProviderStatus>> statuses = new ArrayDeque<>();
    private final Map<URI, byte[]> outputs = new HashMap<>();
    private final List<GenerationRequest> submitted = new ArrayList<>();
    private ProviderResult result = new ProviderResult(RemoteState.FAILED, List.of(), Optional.of("no result scripted"), Optional.empty());
    private RuntimeException submitFailure;
    private int statusCalls;
    private int resultCalls;

    public ScriptedProvider statuses(RemoteState... states) {
        for (RemoteState state : states) {
            statuses.add(() -> ProviderStatus.of(state));
        }
        return this;
    }

    public ScriptedProvider statusThrows(RuntimeException error) {
        statuses.add(() -> {
            throw error;
        });
        return this;
    }

    public ScriptedProvider result(ProviderResult value) {
        this.result = value;
        return this;
    }

    /** Success with these outputs, each served as the given bytes. */
    public ScriptedProvider succeedsWith(Map<URI, byte[]> files) {
        outputs.putAll(files);
        return result(new ProviderResult(RemoteState.SUCCEEDED, List.copyOf(files.keySet()), Optional.empty(), Optional.empty()));
    }

    public ScriptedProvider submitFails(RuntimeException error) {
        this.submitFailure = error;
        return this;
    }

    @Override
    public synchronized RequestId submit(GenerationRequest request) {
        if (submitFailure != null) {
            throw submitFailure;
        }
        submitted.add(request);
        return RequestId.of("req-" + submitted.size());
    }

    @Override
    public synchronized ProviderStatus status(RequestId id) {
        statusCalls++;
        Supplier<ProviderStatus> next = statuses.size() > 1 ? statuses.poll() : statuses.peek();
        if (next == null) {
            throw new IllegalStateException("no status scripted");
        }
        return next.get();
    }

    @Override
    public synchronized ProviderResult result(RequestId id) {
        resultCalls++;
        return result;
    }

    @Override
    public CancelOutcome cancel(RequestId id) {
        return CancelOutcome.NOT_CANCELLABLE;
    }

    @Override
    public InputStream openOutput(URI output) {
        byte[] bytes = outputs.get(output);
        if (bytes == null) {
            throw new OutputExpiredException("the output " + output + " is no longer served (HTTP 404)");
        }
        return new ByteArrayInputStream(bytes);
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
