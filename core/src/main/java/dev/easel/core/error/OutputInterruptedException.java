package dev.easel.core.error;

import java.io.IOException;

/**
 * The stream of a provider's output broke or ended before its announced length. It is an
 * {@link IOException} so that it travels through {@code InputStream.read} and a store's copy loop
 * unchanged; the generation flow recognises it in the cause of a storage error and downloads the
 * output again.
 */
public final class OutputInterruptedException extends IOException {

    private static final long serialVersionUID = 1L;

    public OutputInterruptedException(String message) {
        super(message);
    }

    public OutputInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
