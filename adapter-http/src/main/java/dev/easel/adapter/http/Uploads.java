package dev.easel.adapter.http;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.FileInput;
import dev.easel.core.model.InputSchema;
import dev.easel.core.port.in.LocalFile;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase.FieldFile;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files uploaded for file inputs, held for an hour under a random id ({@code easel-upload:<id>} in a
 * job's inputs), already checked and made fetchable by the core (a data URI or a pre-signed link).
 * Data URIs given directly in a job's inputs are made into the same {@link FileInput}s, so records
 * keep digests, never the data. Bounded in number; the oldest go first.
 */
final class Uploads {

    static final String PREFIX = "easel-upload:";
    private static final int MAX_HELD = 64;
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final PrepareFileInputsUseCase files;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held> held = new LinkedHashMap<>();

    Uploads(PrepareFileInputsUseCase files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    /** Checks and keeps one uploaded file; the id to put in a job's inputs and what was kept. */
    synchronized Map<String, Object> add(String field, LocalFile file) {
        FileInput input = files.prepare(List.of(new FieldFile(field, file))).get(0);
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        expire();
        while (held.size() >= MAX_HELD) {
            held.remove(held.keySet().iterator().next());
        }
        held.put(id, new Held(input, clock.instant()));
        Map<String, Object> view = new LinkedHashMap<>(input.record());
        view.put("upload", PREFIX + id);
        return view;
    }

    /** {@code inputs} with every upload reference and data URI of a file input made into a {@link FileInput}. */
    synchronized Map<String, Object> resolve(InputSchema schema, Map<String, Object> inputs) {
        expire();
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> resolved = new LinkedHashMap<>(inputs);
        for (FieldSpec field : schema.fileInputs()) {
            Object value = inputs.get(field.name());
            if (value instanceof List<?> list) {
                List<Object> items = new ArrayList<>();
                for (Object item : list) {
                    items.add(resolveOne(field.name(), item, violations));
                }
                resolved.put(field.name(), items);
            } else if (value != null) {
                resolved.put(field.name(), resolveOne(field.name(), value, violations));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return resolved;
    }

    private Object resolveOne(String field, Object value, List<Violation> violations) {
        if (!(value instanceof String text)) {
            return value;
        }
        if (text.startsWith(PREFIX)) {
            Held upload = held.get(text.substring(PREFIX.length()));
            if (upload == null) {
                violations.add(new Violation(field, text, "is not an upload this server holds (uploads last an hour)"));
                return value;
            }
            return upload.input();
        }
        if (text.startsWith("data:") && text.contains(";base64,")) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text.substring(text.indexOf(',') + 1));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(field, "data URI", "has broken base64 data"));
                return value;
            }
            try {
                return files.prepare(List.of(new FieldFile(field, new LocalFile("a data URI", bytes.length,
                        () -> new ByteArrayInputStream(bytes))))).get(0);
            } catch (InvalidRequestException e) {
                violations.addAll(e.violations());
            }
        }
        return value;
    }

    private void expire() {
        Instant oldest = clock.instant().minus(LIFETIME);
        held.values().removeIf(h -> h.at().isBefore(oldest));
    }

    private record Held(FileInput input, Instant at) {
    }
}
