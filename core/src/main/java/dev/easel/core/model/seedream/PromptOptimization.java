package dev.easel.core.model.seedream;

/** How the provider rewrites the prompt: {@code standard} is better and slower, {@code fast} quicker. */
public enum PromptOptimization {
    STANDARD("standard"),
    FAST("fast");

    private final String value;

    PromptOptimization(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
