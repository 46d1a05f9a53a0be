package dev.easel.adapter.modelark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded ModelArk answers in {@code answers/} (see its README). */
final class Recorded {

    private Recorded() {
    }

    static InputStream stream(String name) {
        InputStream in = Recorded.class.getResourceAsStream("answers/" + name);
        if (in == null) {
            throw new IllegalStateException("no recorded answer " + name);
        }
        return in;
    }

    static byte[] bytes(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
