package dev.easel.adapter.cli;

import java.util.Map;

/** Opens the services for one command, after its options were parsed. */
@FunctionalInterface
public interface CliServicesFactory {

    /**
     * @param demo start the built-in RunComfy emulator and point the provider at it
     * @param overrides settings given as flags, the highest layer of configuration
     */
    CliServices open(boolean demo, Map<String, String> overrides);
}
