package dev.easel.core.model;

/** The JSON types an input field can have. An array's items have one of the other types. */
public enum FieldType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    ARRAY("array");

    private final String jsonName;

    FieldType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static FieldType fromJsonName(String name) {
        for (FieldType type : values()) {
            if (type.jsonName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("type \"" + name + "\" is not one of: string, integer, number, boolean, array");
    }
}
