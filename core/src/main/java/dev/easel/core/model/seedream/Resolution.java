package dev.easel.core.model.seedream;

import dev.easel.core.error.InvalidRequestException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The eighteen resolutions Seedream 5.0 Lite accepts. {@code 2K} and {@code 3K} let the model pick
 * the size (describe the shape in the prompt); the others fix it.
 */
public enum Resolution {
    AUTO_2K("2K", 0, 0),
    AUTO_3K("3K", 0, 0),
    SQUARE_2048("2048x2048 (1:1)", 2048, 2048),
    LANDSCAPE_2304x1728("2304x1728 (4:3)", 2304, 1728),
    PORTRAIT_1728x2304("1728x2304 (3:4)", 1728, 2304),
    WIDE_2848x1600("2848x1600 (16:9)", 2848, 1600),
    TALL_1600x2848("1600x2848 (9:16)", 1600, 2848),
    LANDSCAPE_2496x1664("2496x1664 (3:2)", 2496, 1664),
    PORTRAIT_1664x2496("1664x2496 (2:3)", 1664, 2496),
    ULTRAWIDE_3136x1344("3136x1344 (21:9)", 3136, 1344),
    SQUARE_3072("3072x3072 (1:1)", 3072, 3072),
    LANDSCAPE_3456x2592("3456x2592 (4:3)", 3456, 2592),
    PORTRAIT_2592x3456("2592x3456 (3:4)", 2592, 3456),
    WIDE_4096x2304("4096x2304 (16:9)", 4096, 2304),
    TALL_2304x4096("2304x4096 (9:16)", 2304, 4096),
    LANDSCAPE_3744x2496("3744x2496 (3:2)", 3744, 2496),
    PORTRAIT_2496x3744("2496x3744 (2:3)", 2496, 3744),
    ULTRAWIDE_4704x2016("4704x2016 (21:9)", 4704, 2016);

    public static final Resolution DEFAULT = LANDSCAPE_2304x1728;

    private final String value;
    private final int width;
    private final int height;

    Resolution(String value, int width, int height) {
        this.value = value;
        this.width = width;
        this.height = height;
    }

    /** The exact string sent to the provider, such as {@code "2048x2048 (1:1)"}. */
    public String value() {
        return value;
    }

    /** The fixed size, or empty for {@code 2K} and {@code 3K} where the model chooses. */
    public Optional<int[]> size() {
        return width == 0 ? Optional.empty() : Optional.of(new int[] {width, height});
    }

    /** Accepts the exact value ({@code "2304x1728 (4:3)"}) or the bare size ({@code 2304x1728}). */
    public static Resolution parse(String text) {
        String wanted = text == null ? "" : text.trim();
        for (Resolution r : values()) {
            if (r.value.equalsIgnoreCase(wanted) || (r.width > 0 && (r.width + "x" + r.height).equals(wanted))) {
                return r;
            }
        }
        throw InvalidRequestException.of("resolution", text, "is not one of: "
                + Arrays.stream(values()).map(Resolution::value).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return value;
    }
}
