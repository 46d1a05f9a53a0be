package dev.easel.adapter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.in.BatchItem;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch file: one job per line, a plain prompt or a JSON object of inputs (with an optional
 * {@code "model"} naming any catalog model for that line) merged over the
 * flags' values; blank lines and lines starting with {@code #} are skipped. Each line gets an
 * idempotency key from the file's real path, the line's text and how many identical lines came
 * before it, so re-running the file finds what was done while duplicates still make two images.
 */
final class BatchFile {

    private final List<BatchItem> items = new ArrayList<>();
    private final List<Violation> problems = new ArrayList<>();

    private BatchFile() {
    }

    static BatchFile read(Path file, ModelId model, Map<String, Object> defaults) {
        BatchFile batch = new BatchFile();
        List<String> lines;
        Path real;
        try {
            real = file.toRealPath();
            lines = Files.readAllLines(real, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw InvalidRequestException.of("FILE", file.toString(), "does not exist");
        } catch (MalformedInputException e) {
            throw InvalidRequestException.of("FILE", file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw InvalidRequestException.of("FILE", file.toString(), "cannot be read: " + e.getMessage());
        }
        ObjectMapper json = null;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int line = i + 1;
            int occurrence = seen.merge(text, 1, Integer::sum);
            Map<String, Object> inputs = new LinkedHashMap<>(defaults);
            ModelId lineModel = model;
            if (text.startsWith("{")) {
                try {
                    // Made on the first JSON line only: a file of plain prompts spares its start-up.
                    json = json == null ? new ObjectMapper() : json;
                    JsonNode node = json.readTree(text);
                    if (!node.isObject()) {
                        throw new IOException("not an object");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = json.convertValue(node, Map.class);
                    if (fields.get("model") instanceof String other && !other.equals(model.value())) {
                        // Another model: the flags' inputs were meant for the default one.
                        lineModel = ModelId.of(other);
                        inputs.clear();
                    }
                    fields.remove("model");
                    inputs.putAll(fields);
                } catch (IOException e) {
                    batch.problems.add(new Violation("line " + line, abbreviate(text),
                            "is not a JSON object of inputs: " + e.getMessage().lines().findFirst().orElse("")));
                    continue;
                }
            } else {
                inputs.put("prompt", text);
            }
            batch.items.add(new BatchItem(line, key(real, text, occurrence), lineModel, inputs));
        }
        return batch;
    }

    List<BatchItem> items() {
        return items;
    }

    /** Lines that could not even be read as inputs. */
    List<Violation> problems() {
        return problems;
    }

    private static String key(Path file, String text, int occurrence) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((file + "\n" + occurrence + "\n" + text).getBytes(StandardCharsets.UTF_8));
            return "batch:" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "…" : text;
    }
}
