package dev.easel.core.model.seedream;

/** The file format the model returns. */
public enum OutputFormat {
    PNG("png"),
    JPEG("jpeg");

    private final String value;

    OutputFormat(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
