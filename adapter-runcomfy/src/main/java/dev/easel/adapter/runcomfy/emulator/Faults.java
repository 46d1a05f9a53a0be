package dev.easel.adapter.runcomfy.emulator;

import dev.easel.adapter.support.emulator.FaultSpec;
import java.util.Map;

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
        EXPIRE
    }

    public Faults {
        probabilities = FaultSpec.checked(probabilities);
    }

    /**
     * Reads {@code name=probability,…}; nothing is no fault.
     *
     * @throws IllegalArgumentException naming the part that is not understood and the names allowed
     */
    public static Faults parse(String spec) {
        return new Faults(FaultSpec.parse(Kind.class, spec));
    }

    public double probability(Kind kind) {
        return probabilities.getOrDefault(kind, 0.0);
    }
}
