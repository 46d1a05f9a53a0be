package dev.easel.adapter.support.emulator;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How an emulator's fault switches are written and checked: for each kind of fault (an enum of the
 * emulator's), a probability from 0 to 1, written {@code name=probability,…} with the kind's name in
 * lower case and dashes ({@code RATE_LIMIT} is {@code rate-limit}).
 */
public final class FaultSpec {

    private FaultSpec() {
    }

    /** The name a kind of fault is written with: {@code RATE_LIMIT} is {@code rate-limit}. */
    public static String label(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * An unmodifiable copy of {@code probabilities}.
     *
     * @throws IllegalArgumentException naming the fault whose probability is not from 0 to 1
     */
    public static <K extends Enum<K>> Map<K, Double> checked(Map<K, Double> probabilities) {
        probabilities.forEach((kind, p) -> {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault " + label(kind) + "=" + p + " must be a probability from 0 to 1");
            }
        });
        return Map.copyOf(probabilities);
    }

    /**
     * Reads {@code name=probability,…}; nothing (null or blank) is no fault.
     *
     * @throws IllegalArgumentException naming the part that is not {@code name=probability} and the names allowed,
     *     or the fault whose probability is not a number from 0 to 1
     */
    public static <K extends Enum<K>> Map<K, Double> parse(Class<K> kinds, String spec) {
        Map<K, Double> map = new EnumMap<>(kinds);
        if (spec == null || spec.isBlank()) {
            return Map.of();
        }
        K[] all = kinds.getEnumConstants();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            K kind = Arrays.stream(all).filter(k -> label(k).equals(kv[0].trim())).findFirst().orElse(null);
            if (kind == null || kv.length != 2) {
                throw new IllegalArgumentException("fault \"" + part.trim() + "\" is not name=probability with a name from: "
                        + Arrays.stream(all).map(FaultSpec::label).collect(Collectors.joining(", ")));
            }
            try {
                map.put(kind, Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault " + label(kind) + " needs a probability from 0 to 1, got \"" + kv[1] + "\"");
            }
        }
        return checked(map);
    }
}
