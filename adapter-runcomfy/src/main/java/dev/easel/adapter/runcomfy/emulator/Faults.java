package dev.easel.adapter.runcomfy.emulator;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often the emulator misbehaves, per kind of fault, as probabilities from 0 to 1. Parsed from
 * {@code name=probability,…}, for instance {@code rate-limit=0.15,server-error=0.05}.
 */
public record Faults(Map<Kind, Double> probabilities) {

    public static final Faults NONE = new Faults(Map.of());

    /** The faults the emulator can inject. */
    public enum Kind {
        /** 429 with Retry-After on any API call (before anything happens, so even a submit may be retried). */
        RATE_LIMIT,
        /** 503 on status, result and cancel calls. */
        SERVER_ERROR,
        /** The connection is closed without an answer, on status and result calls. */
        DROP,
        /** The submit creates the job, then the connection is closed before the answer: the outcome is unknown to the client. */
        LOST_REPLY,
        /** A download ends half-way while its Content-Length promised more. */
        TRUNCATE,
        /** HTTP 200 carrying {@code error_code} on status calls. */
        ERROR_200,
        /** Output URLs answer 404, as a CDN does once they expired. */
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

    public static Faults parse(String spec) {
        Map<Kind, Double> map = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            Kind kind = null;
            for (Kind k : Kind.values()) {
                if (k.label().equals(kv[0].trim())) {
                    kind = k;
                }
            }
            if (kind == null || kv.length != 2) {
                throw new IllegalArgumentException("fault \"" + part.trim() + "\" is not name=probability with a name from: "
                        + java.util.Arrays.stream(Kind.values()).map(Kind::label).collect(java.util.stream.Collectors.joining(", ")));
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
