package dev.easel.core.error;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule. Carries every violation found, not just the first. Nothing was submitted. */
public final class InvalidRequestException extends EaselException {

    private final transient List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, Object value, String problem) {
        return new InvalidRequestException(List.of(new Violation(field, value, problem)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one violation");
        }
        if (violations.size() == 1) {
            return violations.get(0).message();
        }
        return violations.size() + " problems: " + violations.stream()
                .map(Violation::message)
                .collect(Collectors.joining("; "));
    }
}
