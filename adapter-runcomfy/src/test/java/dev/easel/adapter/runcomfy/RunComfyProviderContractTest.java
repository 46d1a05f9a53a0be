package dev.easel.adapter.runcomfy;

import dev.easel.adapter.runcomfy.emulator.Faults;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.testing.GenerationProviderContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** RunComfy's provider against its emulator over real HTTP keeps the port's contract. */
class RunComfyProviderContractTest extends GenerationProviderContract {

    private static final RetryPolicy QUICK = new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(20));

    private RunComfyEmulator emulator;

    @Override
    protected GenerationProvider newProvider() {
        emulator = RunComfyEmulator.builder().timing(Duration.ofMillis(300), Duration.ofMillis(100)).retryAfterSeconds(0).start();
        return providerWith(emulator.token());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Override
    protected GenerationProvider providerWithRefusedCredentials() {
        return providerWith("not-" + emulator.token());
    }

    @Override
    protected void loseTheNextSubmitAnswer() {
        emulator.faults(Faults.parse("lost-reply=1"));
    }

    @Override
    protected int jobsCreated() {
        return emulator.submissions().size();
    }

    @Override
    protected Map<String, Object> inputsThatFail() {
        return Map.of("prompt", "a cat " + RunComfyEmulator.FAIL_MARKER);
    }

    private GenerationProvider providerWith(String token) {
        return RunComfyProvider.builder().token(token).baseUrl(emulator.baseUrl().toString()).retries(QUICK).build();
    }
}
