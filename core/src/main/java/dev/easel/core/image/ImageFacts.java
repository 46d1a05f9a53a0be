package dev.easel.core.image;

import dev.easel.core.model.MediaType;

/** What the bytes of an image say about it. */
public record ImageFacts(MediaType mediaType, int width, int height, long bytes, String sha256) {
}
