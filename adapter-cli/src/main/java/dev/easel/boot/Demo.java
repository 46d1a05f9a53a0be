package dev.easel.boot;

import dev.easel.adapter.runcomfy.RunComfyPlugin;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code --demo}: the built-in RunComfy emulator on loopback with a throw-away token, and settings
 * that point the RunComfy provider at it. Demo jobs go to their own journal so that they never mix
 * with paid ones.
 */
final class Demo implements AutoCloseable {

    private final RunComfyEmulator emulator;

    private Demo(RunComfyEmulator emulator) {
        this.emulator = emulator;
    }

    static Demo start() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return new Demo(RunComfyEmulator.builder()
                .token("demo-" + HexFormat.of().formatHex(secret))
                .timing(Duration.ofMillis(400), Duration.ofMillis(1200))
                .start());
    }

    /** Settings that win over the user's own: provider, base URL and token of the emulator. */
    Map<String, String> settings() {
        return Map.of(Configuration.PROVIDER, "runcomfy",
                RunComfyPlugin.BASE_URL, emulator.baseUrl().toString(),
                RunComfyPlugin.TOKEN, emulator.token());
    }

    @Override
    public void close() {
        emulator.close();
    }
}
