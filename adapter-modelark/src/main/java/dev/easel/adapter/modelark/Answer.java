package dev.easel.adapter.modelark;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A 200 answer of {@code POST /images/generations}: one entry per image in ModelArk's order, each a
 * URL, an image already decoded into a spool file, or that image's error; and the usage that ModelArk
 * bills by ({@code generated_images}).
 */
record Answer(String model, List<Entry> entries, Optional<Usage> usage) {

    Answer {
        entries = List.copyOf(entries);
        usage = usage == null ? Optional.empty() : usage;
    }

    /** One entry of {@code data}; {@code position} counts from 1 in ModelArk's order. */
    sealed interface Entry permits Linked, Inline, Failed {
        int position();
    }

    /** An image ModelArk keeps for 24 hours at {@code url}. */
    record Linked(int position, URI url, String size) implements Entry {
    }

    /** An image that came inline ({@code b64_json}), decoded into {@code file}, which the reader owns. */
    record Inline(int position, Path file, long bytes, String size) implements Entry {
    }

    /** An image that failed while the others did not. */
    record Failed(int position, String code, String message) implements Entry {

        String describe() {
            return "image " + position + " failed (" + (code == null ? "no code" : code) + ")"
                    + (message == null || message.isBlank() ? "" : ": " + message);
        }
    }

    /** ModelArk's {@code usage}; any field may be missing. */
    record Usage(Optional<Integer> generatedImages, Optional<Long> outputTokens, Optional<Long> totalTokens) {
    }
}
