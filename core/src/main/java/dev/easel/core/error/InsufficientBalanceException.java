package dev.easel.core.error;

/** The provider's account has no balance left for this request. */
public final class InsufficientBalanceException extends EaselException {

    public InsufficientBalanceException(String message) {
        super(message);
    }

    public InsufficientBalanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
