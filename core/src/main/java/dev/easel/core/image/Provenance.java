package dev.easel.core.image;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.JobId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * How an image was made, written into the image itself so that the file alone tells it: a PNG gets
 * an uncompressed {@code iTXt} chunk with the keyword {@code parameters} right after its header, a
 * JPEG a comment ({@code COM}) segment right after its start marker. The text is JSON: generator,
 * model, job id and every input. The pixels are not decoded nor re-encoded: the rest of the stream
 * passes through untouched.
 */
public final class Provenance {

    public static final String KEYWORD = "parameters";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int PNG_HEAD = 8 + 25;
    private static final int MAX_COM = 65533;
    /** The most provenance text read from a file: more is refused, never allocated. */
    public static final int MAX_TEXT_BYTES = 1024 * 1024;
    /** A PNG text chunk's keyword is at most 79 bytes and its NUL. */
    private static final int KEYWORD_BYTES = 80;

    private Provenance() {
    }

    /** The JSON written into images made for this request. */
    public static String json(JobId job, GenerationRequest request) {
        StringBuilder out = new StringBuilder("{\"generator\":\"easel\",\"model\":");
        Json.string(out, request.model().value());
        out.append(",\"job_id\":");
        Json.string(out, job.value());
        out.append(",\"inputs\":");
        Json.object(out, request.inputs());
        return out.append('}').toString();
    }

    /**
     * The image stream with {@code text} inserted as its provenance. Streams that are neither PNG nor
     * JPEG pass through unchanged (stores refuse them later with a clear error).
     */
    public static InputStream embed(InputStream image, String text) throws IOException {
        byte[] head = image.readNBytes(PNG_HEAD);
        if (isPng(head)) {
            return new SequenceInputStream(Collections.enumeration(List.of(
                    new java.io.ByteArrayInputStream(head), new java.io.ByteArrayInputStream(itxt(text)), image)));
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
            return new SequenceInputStream(Collections.enumeration(List.of(
                    new java.io.ByteArrayInputStream(head, 0, 2), new java.io.ByteArrayInputStream(comments(text)),
                    new java.io.ByteArrayInputStream(head, 2, head.length - 2), image)));
        }
        return new SequenceInputStream(new java.io.ByteArrayInputStream(head), image);
    }

    /**
     * The provenance text of an image: an {@code iTXt} or {@code tEXt} chunk named {@code parameters}
     * in a PNG (as Easel, ComfyUI and other tools write it), or the comment segments of a JPEG.
     * Chunk and segment lengths are read, never trusted: what is not text is skipped without being
     * allocated, and text over {@link #MAX_TEXT_BYTES} is refused. The text is returned as it is in
     * the file: a caller that prints it must neutralise control characters.
     *
     * @throws IOException when the bytes are not a PNG or JPEG, or carry more text than allowed
     */
    public static Optional<String> read(InputStream image) throws IOException {
        byte[] start = image.readNBytes(8);
        if (start.length == 8 && java.util.Arrays.equals(start, PNG_SIGNATURE)) {
            return readPng(image);
        }
        if (start.length >= 2 && (start[0] & 0xff) == 0xff && (start[1] & 0xff) == 0xd8) {
            return readJpeg(new SequenceInputStream(new java.io.ByteArrayInputStream(start, 2, start.length - 2), image));
        }
        throw new IOException("not a PNG or JPEG image");
    }

    private static boolean isPng(byte[] head) {
        if (head.length < PNG_HEAD) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (head[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return head[12] == 'I' && head[13] == 'H' && head[14] == 'D' && head[15] == 'R';
    }

    private static byte[] itxt(String text) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(KEYWORD.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.write(0); // not compressed
        data.write(0); // compression method
        data.write(0); // no language tag
        data.write(0); // no translated keyword
        data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        byte[] body = data.toByteArray();
        byte[] type = "iTXt".getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(body);
        return ByteBuffer.allocate(12 + body.length).putInt(body.length).put(type).put(body)
                .putInt((int) crc.getValue()).array();
    }

    private static byte[] comments(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length || at == 0; at += MAX_COM) {
            int n = Math.min(MAX_COM, bytes.length - at);
            out.write(0xff);
            out.write(0xfe);
            out.write((n + 2) >> 8);
            out.write((n + 2) & 0xff);
            out.write(bytes, at, n);
            if (bytes.length == 0) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static Optional<String> readPng(InputStream in) throws IOException {
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                return Optional.empty();
            }
            int length = ByteBuffer.wrap(header, 0, 4).getInt();
            String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT") || type.equals("IEND") || length < 0) {
                return Optional.empty();
            }
            if (type.equals("tEXt") || type.equals("iTXt")) {
                byte[] start = in.readNBytes(Math.min(length, KEYWORD_BYTES));
                int nul = indexOf(start, 0);
                if (nul >= 0 && KEYWORD.equals(new String(start, 0, nul, StandardCharsets.ISO_8859_1))) {
                    if (length > MAX_TEXT_BYTES) {
                        throw new IOException("the image's parameters chunk is larger than " + MAX_TEXT_BYTES + " bytes ("
                                + length + "); it was not read");
                    }
                    byte[] body = concat(start, in.readNBytes(length - start.length));
                    Optional<String> text = textChunk(type, body);
                    if (text.isPresent()) {
                        return text;
                    }
                } else if (!skip(in, (long) length - start.length)) {
                    return Optional.empty();
                }
            } else if (!skip(in, length)) {
                return Optional.empty();
            }
            if (!skip(in, 4)) {
                return Optional.empty();
            }
        }
    }

    /** Skips {@code n} bytes without reading them into memory; false when the stream ends first. */
    private static boolean skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return false;
                }
                skipped = 1;
            }
            left -= skipped;
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Optional<String> textChunk(String type, byte[] body) {
        int nul = indexOf(body, 0);
        if (nul < 0 || !KEYWORD.equals(new String(body, 0, nul, StandardCharsets.ISO_8859_1))) {
            return Optional.empty();
        }
        if (type.equals("tEXt")) {
            return Optional.of(new String(body, nul + 1, body.length - nul - 1, StandardCharsets.ISO_8859_1));
        }
        if (type.equals("iTXt") && body.length > nul + 2 && body[nul + 1] == 0) {
            int language = indexOf(body, nul + 3);
            int translated = language < 0 ? -1 : indexOf(body, language + 1);
            if (translated >= 0) {
                return Optional.of(new String(body, translated + 1, body.length - translated - 1, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readJpeg(InputStream in) throws IOException {
        List<byte[]> comments = new ArrayList<>();
        long total = 0;
        while (true) {
            int marker = in.read();
            int kind = in.read();
            if (marker != 0xff || kind < 0 || kind == 0xda || kind == 0xd9) {
                break;
            }
            byte[] length = in.readNBytes(2);
            if (length.length < 2) {
                break;
            }
            int n = Math.max(0, ((length[0] & 0xff) << 8 | (length[1] & 0xff)) - 2);
            if (kind != 0xfe) {
                if (!skip(in, n)) {
                    break;
                }
                continue;
            }
            total += n;
            if (total > MAX_TEXT_BYTES) {
                throw new IOException("the image's comments are larger than " + MAX_TEXT_BYTES + " bytes; they were not read");
            }
            comments.add(in.readNBytes(n));
        }
        if (comments.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        comments.forEach(all::writeBytes);
        return Optional.of(all.toString(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Just enough JSON writing for inputs: strings, numbers, booleans, nulls, lists and maps. */
    static final class Json {
        private Json() {
        }

        static void value(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                string(out, s);
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else if (value instanceof Map<?, ?> map) {
                object(out, map);
            } else if (value instanceof Iterable<?> list) {
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    out.append(first ? "" : ",");
                    value(out, item);
                    first = false;
                }
                out.append(']');
            } else {
                string(out, value.toString());
            }
        }

        static void object(StringBuilder out, Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                value(out, e.getValue());
                first = false;
            }
            out.append('}');
        }

        static void string(StringBuilder out, String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
