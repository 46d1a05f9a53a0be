package dev.easel.core.model;

import dev.easel.core.error.InvalidRequestException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Easel's own id for a job, such as {@code 20261121-053812-k3f9qa}: the UTC time it was made and six
 * random characters. Ids sort by creation time, read well in file names, and need no coordination.
 */
public record JobId(String value) {

    private static final Pattern FORM = Pattern.compile("\\d{8}-\\d{6}-[a-z0-9]{6}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Random RANDOM = new SecureRandom();

    public JobId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw InvalidRequestException.of("job_id", value,
                    "is not an Easel job id: the form is yyyyMMdd-HHmmss-xxxxxx, for example 20261121-053812-k3f9qa");
        }
    }

    public static JobId of(String value) {
        return new JobId(value);
    }

    public static boolean looksLikeJobId(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    /** A fresh id stamped with the given instant. */
    public static JobId next(Instant at) {
        StringBuilder id = new StringBuilder(STAMP.format(at)).append('-');
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new JobId(id.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
