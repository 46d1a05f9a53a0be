package dev.easel.adapter.modelark.emulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How often the ModelArk emulator misbehaves, per kind of fault, as probabilities from 0 to 1.
 * Parsed from {@code name=probability,…}, for instance {@code rate-limit=0.2,lost-answer=0.05}.
 */
public record Faults(Map<Kind, Double> probabilities) {

    public static final Faults NONE = new Faults(Map.of());

    /** The faults the emulator can inject. */
    public enum Kind {
        /** 429 before anything runs, so the client may send the call again. */
        RATE_LIMIT,
        /** 500 without images: the client cannot tell whether anything was billed. */
        SERVER_ERROR,
        /** The images are made and billed, then the connection closes before any answer. */
        LOST_ANSWER,
        /** The images are made and billed, and the answer breaks half-way through its body. */
        BROKEN_ANSWER,
        /** An image download ends half-way while its Content-Length promised more. */
        TRUNCATE,
        /** Image URLs answer 404, as they do once ModelArk's 24 hours are over. */
        EXPIRE;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Faults {
        probabilities = Map.copyOf(probabilities);
        probabilities.forEach((kind, p) -> {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("fault " + kind.label() + "=" + p + " must be a probability from 0 to 1");
            }
        });
    }

    /** Always this one fault, for tests. */
    public static Faults always(Kind kind) {
        return new Faults(Map.of(kind, 1.0));
    }

    public static Faults parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<Kind, Double> map = new TreeMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            Kind kind = Arrays.stream(Kind.values()).filter(k -> k.label().equals(kv[0].trim())).findFirst().orElse(null);
            if (kind == null || kv.length != 2) {
                throw new IllegalArgumentException("fault \"" + part.trim() + "\" is not name=probability with a name from: "
                        + Arrays.stream(Kind.values()).map(Kind::label).collect(Collectors.joining(", ")));
            }
            try {
                map.put(kind, Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault " + kind.label() + " needs a probability from 0 to 1, got \"" + kv[1] + "\"");
            }
        }
        return new Faults(map);
    }

    public double probability(Kind kind) {
        return probabilities.getOrDefault(kind, 0.0);
    }
}
