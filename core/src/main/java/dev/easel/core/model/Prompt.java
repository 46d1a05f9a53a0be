package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;

/**
 * The text that describes the image. It must say something: blank prompts are refused. Models read
 * about 600 English words well; longer prompts are allowed but lose detail, so {@link #isLong()}
 * lets a front warn.
 */
public record Prompt(String text) {

    /** A hard ceiling far above any useful prompt, so a runaway file never becomes a request. */
    public static final int MAX_CHARS = 20_000;
    public static final int RECOMMENDED_MAX_WORDS = 600;

    public Prompt {
        if (text == null || text.isBlank()) {
            throw InvalidRequestException.of("prompt", text == null ? null : text,
                    "must not be empty: describe the image to generate");
        }
        if (text.length() > MAX_CHARS) {
            throw InvalidRequestException.of("prompt", text.substring(0, 40) + "…",
                    "is " + text.length() + " characters long; at most " + MAX_CHARS + " are allowed");
        }
    }

    public static Prompt of(String text) {
        return new Prompt(text);
    }

    public int words() {
        return text.trim().split("\\s+").length;
    }

    public boolean isLong() {
        return words() > RECOMMENDED_MAX_WORDS;
    }

    @Override
    public String toString() {
        return text;
    }
}
