package dev.easel.boot;

import com.google.inject.ProvisionException;
import dev.easel.core.error.EaselException;
import java.util.function.Supplier;

/**
 * Guice wraps what a provider method throws; a plugin's own error (a missing token, a bucket that
 * does not exist) is what a person should read, and what the exit codes are mapped from.
 */
final class Provisioning {

    private Provisioning() {
    }

    static <T> T unwrapped(Supplier<T> provision) {
        try {
            return provision.get();
        } catch (ProvisionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof EaselException easel) {
                    throw easel;
                }
            }
            throw e;
        }
    }
}
