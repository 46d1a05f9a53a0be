package dev.easel.adapter.modelark.emulator;

import dev.easel.adapter.support.emulator.FaultSpec;
import java.util.Map;

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
        EXPIRE
    }

    public Faults {
        probabilities = FaultSpec.checked(probabilities);
    }

    /** Always this one fault, for tests. */
    public static Faults always(Kind kind) {
        return new Faults(Map.of(kind, 1.0));
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
