package dev.easel.core.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A model a catalog knows: its id, a display name, one line about it, its input schema, the
 * catalog's categories for it and its price when the catalog says (null otherwise).
 */
public record ModelDescription(ModelId id, String name, String summary, InputSchema inputs,
                               List<String> categories, Price price) {

    public ModelDescription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(inputs, "inputs");
        if (!inputs.model().equals(id)) {
            throw new IllegalArgumentException("schema of " + inputs.model() + " given for model " + id);
        }
        name = name == null || name.isBlank() ? id.value() : name;
        summary = summary == null ? "" : summary;
        categories = List.copyOf(categories == null ? List.of() : categories);
    }

    public ModelDescription(ModelId id, String name, String summary, InputSchema inputs) {
        this(id, name, summary, inputs, List.of(), null);
    }

    public Optional<Price> priceOptional() {
        return Optional.ofNullable(price);
    }

    /** True when {@code text} (any case) is part of the id, the name, the summary or a category. */
    public boolean matches(String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT).trim();
        return id.value().toLowerCase(Locale.ROOT).contains(needle)
                || name.toLowerCase(Locale.ROOT).contains(needle)
                || summary.toLowerCase(Locale.ROOT).contains(needle)
                || categories.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).contains(needle));
    }

    /** True when the model is in {@code category} (any case), or when no category is asked for. */
    public boolean inCategory(String category) {
        return category == null || category.isBlank()
                || categories.stream().anyMatch(c -> c.equalsIgnoreCase(category.trim()));
    }

    /** What one run costs as the catalog states it: an amount in US dollars per unit, and a note. */
    public record Price(BigDecimal usd, String unit, String note) {

        public Price {
            Objects.requireNonNull(usd, "usd");
            unit = unit == null || unit.isBlank() ? "run" : unit;
            note = note == null ? "" : note;
        }

        @Override
        public String toString() {
            return "$" + usd.stripTrailingZeros().toPlainString() + "/" + unit;
        }
    }
}
