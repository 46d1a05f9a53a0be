package dev.easel.adapter.support.emulator;

import java.util.Random;

/**
 * The emulator's dice for faults: seeded, so a test or benchmark sees the same faults on every run
 * when its calls come in the same order. Safe to share between the server's threads.
 */
public final class Dice {

    private final Random random;

    public Dice(long seed) {
        this.random = new Random(seed);
    }

    /** True with probability {@code p}; a fault that is off ({@code p <= 0}) draws nothing, so it shifts no other roll. */
    public boolean roll(double p) {
        if (p <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }
}
