package dev.easel.adapter.modelark;

import dev.easel.adapter.modelark.emulator.Faults;
import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.testing.GenerationProviderContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** ModelArk's provider against its emulator over real HTTP keeps the port's contract, with inline answers. */
class ModelArkProviderContractTest extends GenerationProviderContract {

    static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(10));

    private ModelArkEmulator emulator;

    @TempDir
    Path spool;

    @Override
    protected GenerationProvider newProvider() {
        emulator = ModelArkEmulator.builder().start();
        return providerWith(emulator.key());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Override
    protected GenerationProvider providerWithRefusedCredentials() {
        return providerWith("not-" + emulator.key());
    }

    @Override
    protected void loseTheNextSubmitAnswer() {
        emulator.faults(Faults.always(Faults.Kind.LOST_ANSWER));
    }

    @Override
    protected int jobsCreated() {
        return emulator.calls().size();
    }

    @Override
    protected Map<String, Object> inputsThatFail() {
        return Map.of("prompt", "a cat " + ModelArkEmulator.SENSITIVE_MARKER);
    }

    @Override
    protected GenerationRequest request(Map<String, Object> inputs) {
        return GenerationRequest.validated(ModelArkCatalog.standard().find(ModelArkCatalog.SEEDREAM_5_LITE).orElseThrow().inputs(),
                inputs);
    }

    /** Inline answers: the contract then covers the spool, which the URL form does not use. */
    protected ResponseFormat format() {
        return ResponseFormat.B64_JSON;
    }

    private GenerationProvider providerWith(String key) {
        return ModelArkProvider.builder().key(key).baseUrl(emulator.baseUrl().toString()).responseFormat(format())
                .spoolDirectory(spool).retries(QUICK).build();
    }

    /** The same contract with URL answers. */
    static class WithUrls extends ModelArkProviderContractTest {
        @Override
        protected ResponseFormat format() {
            return ResponseFormat.URL;
        }
    }
}
