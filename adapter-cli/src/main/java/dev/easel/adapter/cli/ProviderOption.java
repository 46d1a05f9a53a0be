package dev.easel.adapter.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --provider NAME} for every command that reaches a provider: the same model ids and inputs
 * run on whichever is chosen (RunComfy, ModelArk, or any provider plugin on the class path). Wins
 * over {@code EASEL_PROVIDER} and the config file.
 */
final class ProviderOption {

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Provider to use: runcomfy or modelark (default EASEL_PROVIDER, else runcomfy).")
    String provider;

    /** The settings these flags give, with {@code more} added. */
    Map<String, String> overrides(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        if (provider != null && !provider.isBlank()) {
            all.put("provider", provider.trim());
        }
        return all;
    }
}
