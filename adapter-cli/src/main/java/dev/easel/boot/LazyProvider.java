package dev.easel.boot;

import com.google.inject.Provider;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.Submission;
import dev.easel.core.port.out.GenerationProvider;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The provider, made on first use: commands that only read the journal (jobs, status of a stored
 * job) then work without a RunComfy token, and say how to set one only when they must call RunComfy.
 */
final class LazyProvider implements GenerationProvider {

    private final Provider<GenerationProvider> provider;
    private final String name;

    /** {@code name}: the provider plugin's, known without making the provider. */
    LazyProvider(Provider<GenerationProvider> provider, String name) {
        this.provider = provider;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    private GenerationProvider real() {
        return Provisioning.unwrapped(provider::get);
    }

    @Override
    public Submission submit(GenerationRequest request) {
        return real().submit(request);
    }

    @Override
    public ProviderStatus status(RequestId id) {
        return real().status(id);
    }

    @Override
    public ProviderResult result(RequestId id) {
        return real().result(id);
    }

    @Override
    public Optional<Cancellation> cancellation() {
        return real().cancellation();
    }

    @Override
    public void release(List<URI> outputs) {
        real().release(outputs);
    }

    @Override
    public InputStream openOutput(URI output) {
        return real().openOutput(output);
    }
}
