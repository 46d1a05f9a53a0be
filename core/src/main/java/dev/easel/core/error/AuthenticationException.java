package dev.easel.core.error;

/** The provider refused the credentials, or none were given. Fix the token; nothing was submitted. */
public final class AuthenticationException extends EaselException {

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
