package dev.easel.adapter.runcomfy.emulator;

import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.InputSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches every file input of a submission the way RunComfy's backend must before a job can run: a
 * data URI is decoded (within RunComfy's 6 MiB per image), an {@code https} URL is downloaded without
 * credentials (within 50 MB); plain {@code http} is fetched only from loopback, for tests. Whatever
 * cannot be fetched, or is not a PNG or JPEG, is refused with a sentence naming the field.
 */
final class InputFetcher {

    static final long DATA_URI_LIMIT = 6L * 1024 * 1024;
    static final long URL_LIMIT = 50L * 1000 * 1000;
    static final long MEGAPIXELS_LIMIT = 32_000_000L;

    private final List<String> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The problems with the file inputs of {@code inputs}; empty when every one was fetched. */
    List<String> problems(InputSchema schema, Map<String, Object> inputs) {
        List<String> problems = new ArrayList<>();
        for (FieldSpec field : schema.fileInputs()) {
            Object value = inputs.get(field.name());
            List<?> uris = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
            for (int i = 0; i < uris.size(); i++) {
                String where = field.name() + (value instanceof List<?> ? "[" + i + "]" : "");
                try {
                    check(fetch(String.valueOf(uris.get(i))), where);
                    fetched.add(describe(String.valueOf(uris.get(i))));
                } catch (Refused e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /** What was fetched, in order: URLs as given, data URIs as {@code data:<type>} and their size. */
    List<String> fetched() {
        return List.copyOf(fetched);
    }

    private static String describe(String uri) {
        if (uri.startsWith("data:")) {
            int comma = uri.indexOf(',');
            return uri.substring(0, Math.max(comma, 5)) + " (" + (comma < 0 ? 0 : uri.length() - comma - 1) + " chars)";
        }
        return uri;
    }

    private static void check(byte[] bytes, String where) {
        ImageHeaders.Header header = ImageHeaders.read(bytes, bytes.length)
                .orElseThrow(() -> new Refused("is not a PNG or JPEG image"));
        if ((long) header.width() * header.height() > MEGAPIXELS_LIMIT) {
            throw new Refused("is " + header.width() + "x" + header.height() + ", more than 32 megapixels");
        }
    }

    private static byte[] fetch(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new Refused("is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "data":
                return decode(text.trim());
            case "https":
                return download(uri);
            case "http":
                if (!loopback(uri.getHost())) {
                    throw new Refused("must be an https URL (plain http is fetched from loopback only)");
                }
                return download(uri);
            default:
                throw new Refused("must be an https URL or a data URI");
        }
    }

    private static byte[] decode(String dataUri) {
        int comma = dataUri.indexOf(',');
        if (comma < 0 || !dataUri.substring(0, comma).endsWith(";base64")) {
            throw new Refused("is a data URI without base64 data");
        }
        if ((long) (dataUri.length() - comma - 1) / 4 * 3 > DATA_URI_LIMIT + 3) {
            throw new Refused("is a data URI larger than 6 MiB (RunComfy's limit per image)");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(dataUri.substring(comma + 1));
            if (bytes.length > DATA_URI_LIMIT) {
                throw new Refused("is a data URI larger than 6 MiB (RunComfy's limit per image)");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new Refused("is a data URI whose base64 data is broken");
        }
    }

    private static byte[] download(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(20_000);
            connection.setInstanceFollowRedirects(false);
            try {
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new Refused("could not be fetched: HTTP " + status);
                }
                try (InputStream in = connection.getInputStream()) {
                    byte[] bytes = in.readNBytes((int) URL_LIMIT + 1);
                    if (bytes.length > URL_LIMIT) {
                        throw new Refused("is larger than 50 MB");
                    }
                    return bytes;
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused("could not be fetched: " + e.getClass().getSimpleName());
        }
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** One file input that could not be fetched. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
