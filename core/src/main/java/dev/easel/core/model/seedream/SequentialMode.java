package dev.easel.core.model.seedream;

/** {@code auto} lets the model return several images (up to {@code max_images}); {@code disabled} returns one. */
public enum SequentialMode {
    AUTO("auto"),
    DISABLED("disabled");

    private final String value;

    SequentialMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
