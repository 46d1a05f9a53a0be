package dev.easel.adapter.support.emulator;

/** Ends an exchange half-way, as a fault asks; the server then closes the connection. */
public final class BrokenOnPurpose extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokenOnPurpose(String what) {
        super(what, null, false, false);
    }
}
