package dev.easel.adapter.http;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.model.UsageGrouping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One of the server's API keys and its name. {@code EASEL_API_KEYS} lists entries separated by
 * commas, each {@code name:key} or a bare {@code key}; a bare key is named by its place in the list
 * ({@code key1}, {@code key2}...). The name is what limits, sessions and the journal keep and show
 * ({@code easel usage --by key}); the key itself is never shown, logged or stored, and neither is any
 * part or digest of it. Messages about a bad entry name it by its place only, since the text before a
 * colon might be part of a key. Spaces around a name or key are ignored; a key that itself contains a
 * colon must be given a name ({@code name:key}), or the text before its first colon would be taken as
 * its name.
 */
record ApiKey(String name, String secret) {

    /** The shortest key accepted. */
    static final int MIN_LENGTH = 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    ApiKey {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name must be 1 to 32 letters, digits, '.', '_' or '-'");
        }
    }

    /** Never the secret, whole or in part. */
    @Override
    public String toString() {
        return "ApiKey[" + name + "]";
    }

    /** The configured entries ({@code name:key} or {@code key}), named and checked; every bad entry is reported at once. */
    static List<ApiKey> parse(List<String> entries) {
        List<ApiKey> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, Integer> places = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            String place = "entry " + (i + 1);
            int colon = entry.indexOf(':');
            boolean named = colon >= 0;
            String name = named ? entry.substring(0, colon).trim() : "key" + (i + 1);
            String secret = named ? entry.substring(colon + 1).trim() : entry;
            String folded = name.toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                problems.add(place + ": the name before ':' must be 1 to 32 letters, digits, '.', '_' or '-', starting"
                        + " with a letter or digit (name:key, or a key alone)");
            } else if (folded.equals(UsageGrouping.LOCAL) || folded.equals(Access.OPEN_CLIENT)) {
                problems.add(place + ": the names \"local\" and \"open\" are reserved (they name jobs and clients no"
                        + " key stands for); choose another");
            } else if (!names.add(folded)) {
                problems.add(named
                        ? place + ": its name is already used by an earlier entry; each key needs its own name"
                        : place + " has no name, so its place names it \"" + name + "\", which an earlier entry already"
                                + " uses; give it a name of its own (name:key)");
            }
            if (secret.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                problems.add(place + ": a key may not contain spaces or control characters");
            } else if (secret.length() < MIN_LENGTH) {
                problems.add(named
                        ? place + ": the key after its name and ':' must be at least " + MIN_LENGTH + " characters long"
                        : place + ": every key in EASEL_API_KEYS must be at least " + MIN_LENGTH + " characters long");
            } else {
                Integer earlier = places.putIfAbsent(secret, i + 1);
                if (earlier != null) {
                    problems.add(place + ": the same key as entry " + earlier + "; a key stands for one name");
                }
            }
            if (problems.isEmpty()) {
                keys.add(new ApiKey(name, secret));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("EASEL_API_KEYS " + String.join("; ", problems));
        }
        return List.copyOf(keys);
    }
}
