package dev.easel.core.error;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes text that came from outside (a provider's error body, failure reason or note) safe to show,
 * journal or log: every secret it was given is replaced, whole or as any fragment of at least
 * {@link #MIN_FRAGMENT} characters, by {@code [redacted]}; control characters other than newline
 * and tab become U+FFFD so a terminal shows them inert; and only then is the text cut to a length.
 * Replacing before cutting matters: cut first, a secret split by the cut would survive as a prefix.
 *
 * <p>Every adapter that talks to a provider builds one from its credentials and passes each text
 * from the provider through {@link #scrub(String)} at the edge, before the text becomes part of an
 * exception message, a result or a log line. Instances are immutable and thread-safe; their
 * {@code toString} never shows a secret.
 */
public final class SecretScrubber {

    /**
     * The shortest run of a secret's characters that is treated as a fragment of it. Six characters
     * of a random alphanumeric token carry about 36 bits, enough to matter when combined with other
     * leaks; shorter runs (four or five characters) occur by chance in ordinary text too often to
     * replace, and reveal too little to be worth it.
     */
    public static final int MIN_FRAGMENT = 6;

    /** The default length, in characters, that scrubbed text is cut to. */
    public static final int MAX_LENGTH = 600;

    private static final String REDACTED = "[redacted]";
    private static final SecretScrubber NONE = new SecretScrubber(List.of(), Set.of());

    /** Secrets shorter than {@link #MIN_FRAGMENT}, replaced only where they occur whole. */
    private final List<String> shortSecrets;
    /** Every {@link #MIN_FRAGMENT}-character run of every longer secret. */
    private final Set<String> fragments;

    private SecretScrubber(List<String> shortSecrets, Set<String> fragments) {
        this.shortSecrets = shortSecrets;
        this.fragments = fragments;
    }

    /** A scrubber for these secrets; null and blank values are ignored. */
    public static SecretScrubber of(String... secrets) {
        List<String> whole = new ArrayList<>();
        Set<String> runs = new HashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            String s = secret.strip();
            if (s.length() < MIN_FRAGMENT) {
                whole.add(s);
            }
            for (int i = 0; i + MIN_FRAGMENT <= s.length(); i++) {
                runs.add(s.substring(i, i + MIN_FRAGMENT));
            }
        }
        return new SecretScrubber(List.copyOf(whole), Set.copyOf(runs));
    }

    /** A scrubber with no secret: it still neutralises control characters and caps the length. */
    public static SecretScrubber none() {
        return NONE;
    }

    /** {@code text} with the secrets and their fragments replaced, control characters made inert, cut to {@link #MAX_LENGTH}. */
    public String scrub(String text) {
        return scrub(text, MAX_LENGTH);
    }

    /** As {@link #scrub(String)}, cut to {@code maxLength} characters (plus an ellipsis when cut). */
    public String scrub(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength " + maxLength + " must be at least 1");
        }
        if (text == null) {
            return "";
        }
        return cut(inert(redact(text)), maxLength);
    }

    private String redact(String text) {
        boolean[] secret = new boolean[text.length()];
        boolean any = false;
        if (!fragments.isEmpty()) {
            for (int i = 0; i + MIN_FRAGMENT <= text.length(); i++) {
                if (fragments.contains(text.substring(i, i + MIN_FRAGMENT))) {
                    Arrays.fill(secret, i, i + MIN_FRAGMENT, true);
                    any = true;
                }
            }
        }
        for (String whole : shortSecrets) {
            for (int at = text.indexOf(whole); at >= 0; at = text.indexOf(whole, at + 1)) {
                Arrays.fill(secret, at, at + whole.length(), true);
                any = true;
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!secret[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !secret[i - 1]) {
                out.append(REDACTED);
            }
        }
        return out.toString();
    }

    private static String inert(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t';
            if (control && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(control ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String cut(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return text.substring(0, end) + "…";
    }

    @Override
    public String toString() {
        return "SecretScrubber[redacted]";
    }
}
