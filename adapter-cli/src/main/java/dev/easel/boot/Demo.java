package dev.easel.boot;

import dev.easel.adapter.modelark.ModelArkPlugin;
import dev.easel.adapter.modelark.emulator.ModelArkEmulator;
import dev.easel.adapter.runcomfy.RunComfyPlugin;
import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code --demo}: the built-in emulator of the chosen provider (RunComfy's, or ModelArk's with
 * {@code provider=modelark}) on loopback with a throw-away credential, and settings that point the
 * provider at it. Demo jobs go to their own journal so that they never mix with paid ones.
 */
final class Demo implements AutoCloseable {

    private final Runnable stop;
    private final Map<String, String> settings;

    private Demo(Runnable stop, Map<String, String> settings) {
        this.stop = stop;
        this.settings = Map.copyOf(settings);
    }

    static Demo start(String provider) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String credential = "demo-" + HexFormat.of().formatHex(secret);
        if (provider.equals("modelark")) {
            ModelArkEmulator modelArk = ModelArkEmulator.builder().key(credential).latency(Duration.ofMillis(1200)).start();
            return new Demo(modelArk::close, Map.of(Configuration.PROVIDER, "modelark",
                    ModelArkPlugin.BASE_URL, modelArk.baseUrl().toString(),
                    ModelArkPlugin.API_KEY, modelArk.key()));
        }
        RunComfyEmulator runComfy = RunComfyEmulator.builder()
                .token(credential)
                .timing(Duration.ofMillis(400), Duration.ofMillis(1200))
                .start();
        return new Demo(runComfy::close, Map.of(Configuration.PROVIDER, "runcomfy",
                RunComfyPlugin.BASE_URL, runComfy.baseUrl().toString(),
                RunComfyPlugin.TOKEN, runComfy.token(),
                RunComfyPlugin.CATALOG_CACHE, "off"));
    }

    /** Settings that win over the user's own: provider, base URL and credential of the emulator. */
    Map<String, String> settings() {
        return settings;
    }

    @Override
    public void close() {
        stop.run();
    }
}
