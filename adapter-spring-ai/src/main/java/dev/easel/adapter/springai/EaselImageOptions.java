package dev.easel.adapter.springai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.image.ImageOptions;

/**
 * Spring AI image options that Easel understands: the portable ones ({@code n}, {@code model},
 * {@code width} and {@code height}, {@code responseFormat} {@code url}, {@code style} where the model
 * has such an input) and any other input of the model by its schema name ({@code easel schema MODEL}).
 */
public final class EaselImageOptions implements ImageOptions {

    private final Integer n;
    private final String model;
    private final Integer width;
    private final Integer height;
    private final String responseFormat;
    private final String style;
    private final Map<String, Object> inputs;

    private EaselImageOptions(Builder builder) {
        this.n = builder.n;
        this.model = builder.model;
        this.width = builder.width;
        this.height = builder.height;
        this.responseFormat = builder.responseFormat;
        this.style = builder.style;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.inputs));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Integer getN() {
        return n;
    }

    @Override
    public String getModel() {
        return model;
    }

    @Override
    public Integer getWidth() {
        return width;
    }

    @Override
    public Integer getHeight() {
        return height;
    }

    @Override
    public String getResponseFormat() {
        return responseFormat;
    }

    @Override
    public String getStyle() {
        return style;
    }

    /** Inputs of the model by their schema names, such as {@code output_format} or an edit model's {@code image}. */
    public Map<String, Object> getInputs() {
        return inputs;
    }

    /** Collects the options; every one is optional. */
    public static final class Builder {
        private Integer n;
        private String model;
        private Integer width;
        private Integer height;
        private String responseFormat;
        private String style;
        private final Map<String, Object> inputs = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder n(Integer value) {
            this.n = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder width(Integer value) {
            this.width = value;
            return this;
        }

        public Builder height(Integer value) {
            this.height = value;
            return this;
        }

        public Builder responseFormat(String value) {
            this.responseFormat = value;
            return this;
        }

        public Builder style(String value) {
            this.style = value;
            return this;
        }

        public Builder input(String name, Object value) {
            this.inputs.put(name, value);
            return this;
        }

        public EaselImageOptions build() {
            return new EaselImageOptions(this);
        }
    }
}
