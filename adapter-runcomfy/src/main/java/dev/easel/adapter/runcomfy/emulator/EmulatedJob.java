package dev.easel.adapter.runcomfy.emulator;

import dev.easel.core.model.ModelId;
import java.time.Instant;
import java.util.Map;

/** One job inside the emulator. Only {@link #cancel()} changes it. */
final class EmulatedJob {

    private final String requestId;
    private final ModelId model;
    private final Map<String, Object> inputs;
    private final Instant submittedAt;
    private volatile boolean cancelled;

    EmulatedJob(String requestId, ModelId model, Map<String, Object> inputs, Instant submittedAt) {
        this.requestId = requestId;
        this.model = model;
        this.inputs = Map.copyOf(inputs);
        this.submittedAt = submittedAt;
    }

    String requestId() {
        return requestId;
    }

    ModelId model() {
        return model;
    }

    Map<String, Object> inputs() {
        return inputs;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    boolean failing() {
        return String.valueOf(inputs.get("prompt")).contains(RunComfyEmulator.FAIL_MARKER);
    }

    long seed() {
        return String.valueOf(inputs.get("prompt")).hashCode();
    }

    /**
     * With {@code auto}, the model picks how many images to return: here a number from 1 to
     * {@code min(max_images, 4)} derived from the prompt, so tests can predict it.
     */
    int imageCount() {
        if (!"auto".equals(inputs.get("sequential_image_generation"))) {
            return 1;
        }
        int max = inputs.get("max_images") instanceof Number n ? n.intValue() : 15;
        return 1 + (int) Math.floorMod(seed(), Math.min(max, 4));
    }

    /**
     * Width and height: the fixed size of the resolution, the model's pick for 2K and 3K, the
     * {@code width} and {@code height} inputs of models that take them, 1024x1024 otherwise.
     */
    int[] size() {
        if (!inputs.containsKey("resolution")) {
            return new int[] {dimension("width"), dimension("height")};
        }
        String resolution = String.valueOf(inputs.getOrDefault("resolution", "2304x1728 (4:3)"));
        if (resolution.equals("2K")) {
            return new int[] {2048, 2048};
        }
        if (resolution.equals("3K")) {
            return new int[] {3072, 3072};
        }
        String[] wh = resolution.split(" ")[0].split("x");
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }

    private int dimension(String name) {
        return inputs.get(name) instanceof Number n && n.intValue() > 0 && n.intValue() <= 8192 ? n.intValue() : 1024;
    }
}
