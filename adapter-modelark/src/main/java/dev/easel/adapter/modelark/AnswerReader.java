package dev.easel.adapter.modelark;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.SecretScrubber;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the 200 answer of {@code POST /images/generations} with Jackson's streaming parser, token
 * by token: a {@code b64_json} image is decoded straight from the response into a spool file
 * ({@link JsonParser#readBinaryValue}), so an answer of fifteen 4K images needs a few kilobytes of
 * heap, not a few hundred megabytes. Unknown fields are skipped; every field may be missing.
 */
final class AnswerReader {

    private final JsonFactory json;
    private final Spool spool;
    private final SecretScrubber scrubber;

    AnswerReader(JsonFactory json, Spool spool, SecretScrubber scrubber) {
        this.json = json;
        this.spool = spool;
        this.scrubber = scrubber;
    }

    /**
     * Reads a whole answer. On any failure the spool files written so far are deleted.
     *
     * @throws IOException when the stream breaks or is not the JSON ModelArk documents
     */
    Answer read(InputStream body) throws IOException {
        List<Answer.Entry> entries = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the answer");
            String model = null;
            Optional<Answer.Usage> usage = Optional.empty();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "model" -> model = text(parser, value);
                    case "data" -> readData(parser, value, entries);
                    case "usage" -> usage = readUsage(parser, value);
                    case "error" -> throw new ProviderException("ModelArk answered HTTP 200 with an error: "
                            + readError(parser, value, 0).describe());
                    default -> parser.skipChildren();
                }
            }
            return new Answer(model, entries, usage);
        } catch (IOException | RuntimeException e) {
            entries.forEach(AnswerReader::discard);
            throw e;
        }
    }

    private void readData(JsonParser parser, JsonToken value, List<Answer.Entry> entries) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        expect(value, JsonToken.START_ARRAY, "data");
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            entries.add(readEntry(parser, entries.size() + 1));
        }
        expect(parser.currentToken(), JsonToken.END_ARRAY, "data");
    }

    private Answer.Entry readEntry(JsonParser parser, int position) throws IOException {
        String url = null;
        String size = null;
        Path file = null;
        long bytes = 0;
        Answer.Failed failed = null;
        try {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "url" -> url = text(parser, value);
                    case "size" -> size = text(parser, value);
                    case "error" -> failed = value == JsonToken.VALUE_NULL ? null : readError(parser, value, position);
                    case "b64_json" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            Spool.deleteQuietly(file);
                            file = spool.newFile();
                            bytes = decode(parser, file);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            Spool.deleteQuietly(file);
            throw e;
        }
        if (failed != null) {
            Spool.deleteQuietly(file);
            return failed;
        }
        if (file != null) {
            return new Answer.Inline(position, file, bytes, size);
        }
        if (url != null) {
            try {
                return new Answer.Linked(position, new URI(url), size);
            } catch (URISyntaxException e) {
                throw new ProviderException("ModelArk returned image " + position + " at a value that is not a URL: "
                        + scrubber.scrub(url));
            }
        }
        return new Answer.Failed(position, null, "ModelArk's answer carried neither url, b64_json nor error");
    }

    /** Decodes the current string token as base64 into {@code file}, a buffer at a time. */
    private long decode(JsonParser parser, Path file) throws IOException {
        try (OutputStream out = spool.capped(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024))) {
            return parser.readBinaryValue(Base64Variants.getDefaultVariant(), out);
        }
    }

    private Answer.Failed readError(JsonParser parser, JsonToken value, int position) throws IOException {
        String code = null;
        String message = null;
        if (value == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken v = parser.nextToken();
                switch (field) {
                    case "code" -> code = text(parser, v);
                    case "message" -> message = text(parser, v);
                    default -> parser.skipChildren();
                }
            }
        } else {
            message = text(parser, value);
        }
        return new Answer.Failed(position, code == null ? null : scrubber.scrub(code, 200),
                message == null ? null : scrubber.scrub(message));
    }

    private static Optional<Answer.Usage> readUsage(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Optional.empty();
        }
        Integer images = null;
        Long output = null;
        Long total = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken v = parser.nextToken();
            boolean number = v == JsonToken.VALUE_NUMBER_INT;
            switch (field) {
                case "generated_images" -> images = number ? parser.getIntValue() : null;
                case "output_tokens" -> output = number ? parser.getLongValue() : null;
                case "total_tokens" -> total = number ? parser.getLongValue() : null;
                default -> parser.skipChildren();
            }
        }
        return Optional.of(new Answer.Usage(Optional.ofNullable(images), Optional.ofNullable(output), Optional.ofNullable(total)));
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isScalarValue()) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException(what + " is not what ModelArk documents: expected " + expected + ", found " + actual);
        }
    }

    private static void discard(Answer.Entry entry) {
        if (entry instanceof Answer.Inline inline) {
            Spool.deleteQuietly(inline.file());
        }
    }
}
