package dev.easel.core.service;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.image.ImageHeaders;
import dev.easel.core.model.FileInput;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.out.InputUploader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks local input files against RunComfy's published limits and makes them fetchable. Limits:
 * 50 MB per image (the model pages' limit for hosted files); as data URIs, 6 MiB and 32 megapixels
 * per image and 64 MiB per request (RunComfy's own nodes' limits). With an {@link InputUploader} a
 * file goes up under {@code inputs/<sha256>.<ext>} and is passed as a link valid for {@link #LINK_LIFETIME}.
 */
public final class FileInputService implements PrepareFileInputsUseCase {

    public static final long MAX_FILE_BYTES = 50_000_000L;
    public static final long MAX_DATA_URI_BYTES = 6L * 1024 * 1024;
    public static final long MAX_DATA_URI_PIXELS = 32_000_000L;
    public static final long MAX_DATA_URI_REQUEST_BYTES = 64L * 1024 * 1024;
    /** Long enough for a queued job to start, short enough that a leaked link soon stops working. */
    public static final Duration LINK_LIFETIME = Duration.ofHours(2);

    private final Optional<InputUploader> uploader;

    public FileInputService(Optional<InputUploader> uploader) {
        this.uploader = uploader;
    }

    @Override
    public List<FileInput> prepare(List<FieldFile> files) {
        List<Violation> violations = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        long dataUriTotal = 0;
        for (FieldFile given : files) {
            try {
                Checked file = check(given);
                checked.add(file);
                dataUriTotal += uploader.isPresent() ? 0 : file.bytes().length;
            } catch (Refused e) {
                violations.add(new Violation(given.field(), given.file().name(), e.getMessage()));
            }
        }
        if (violations.isEmpty() && dataUriTotal > MAX_DATA_URI_REQUEST_BYTES) {
            violations.add(new Violation(files.get(0).field(), null, "files add up to " + megabytes(dataUriTotal)
                    + ", more than the 64 MiB RunComfy takes in data URIs per request; configure S3 storage to send"
                    + " them as links instead"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return checked.stream().map(this::fetchable).toList();
    }

    private Checked check(FieldFile given) {
        long size = given.file().size();
        if (size > MAX_FILE_BYTES) {
            throw new Refused("is " + megabytes(size) + ", more than the 50 MB RunComfy takes per image; nothing was sent");
        }
        if (uploader.isEmpty() && size > MAX_DATA_URI_BYTES) {
            throw new Refused("is " + megabytes(size) + ", more than the 6 MiB RunComfy takes per image as a data URI;"
                    + " configure S3 storage (EASEL_STORAGE=s3) to send images up to 50 MB as links");
        }
        byte[] bytes = read(given);
        ImageHeaders.Header header = ImageHeaders.read(bytes, bytes.length)
                .orElseThrow(() -> new Refused("is not an image Easel can send (PNG or JPEG)"));
        long pixels = (long) header.width() * header.height();
        if (uploader.isEmpty() && pixels > MAX_DATA_URI_PIXELS) {
            throw new Refused("is " + header.width() + "x" + header.height() + ", more than the 32 megapixels RunComfy"
                    + " takes per image as a data URI; configure S3 storage to send it as a link");
        }
        return new Checked(given, bytes, header);
    }

    private FileInput fetchable(Checked file) {
        String sha256 = sha256(file.bytes());
        String name = file.given().file().name();
        if (uploader.isPresent()) {
            InputUploader.Uploaded uploaded = uploader.get().upload("inputs/" + sha256 + "." + file.header().mediaType().extension(),
                    file.bytes(), file.header().mediaType(), LINK_LIFETIME);
            return new FileInput(uploaded.link().toString(), sha256, file.bytes().length, file.header().mediaType(),
                    name + " via " + uploaded.location());
        }
        String uri = "data:" + file.header().mediaType().mime() + ";base64," + Base64.getEncoder().encodeToString(file.bytes());
        return new FileInput(uri, sha256, file.bytes().length, file.header().mediaType(), name + " as a data URI");
    }

    private static byte[] read(FieldFile given) {
        try (InputStream in = given.file().source().open()) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new Refused("is more than the 50 MB RunComfy takes per image; nothing was sent");
            }
            return bytes;
        } catch (IOException e) {
            throw new Refused("cannot be read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new Refused("cannot be read: " + e.getCause().getMessage());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    private record Checked(FieldFile given, byte[] bytes, ImageHeaders.Header header) {
    }

    /** One file refused; becomes a violation naming the field and the file. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
