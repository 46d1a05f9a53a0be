package dev.easel.core.model;

/** The image formats Easel recognises from their bytes. */
public enum MediaType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg");

    private final String mime;
    private final String extension;

    MediaType(String mime, String extension) {
        this.mime = mime;
        this.extension = extension;
    }

    public String mime() {
        return mime;
    }

    public String extension() {
        return extension;
    }
}
