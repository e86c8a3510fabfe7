package io.eventlens.postgres;

import io.eventlens.core.promotion.PropertyType;
import java.util.Map;
import java.util.Optional;

/**
 * The promoted properties of one project that reports may read from their columns (READY ones only), by key. A
 * column name is {@code promoted_<id>} with the promotion's own number: never text a user gave.
 */
record PromotedColumns(Map<String, Integer> strings, Map<String, Integer> numbers) {

    /** Nothing promoted: every property is read from the JSON. */
    static final PromotedColumns NONE = new PromotedColumns(Map.of(), Map.of());

    PromotedColumns {
        strings = Map.copyOf(strings);
        numbers = Map.copyOf(numbers);
    }

    /** The column holding the property's text value ({@code properties ->> key}), if it is promoted as STRING. */
    Optional<String> text(String key) {
        return Optional.ofNullable(strings.get(key)).map(PromotedColumns::name).map(name -> "e." + name);
    }

    /** The column holding the property's JSON numbers (null otherwise), if it is promoted as NUMBER. */
    Optional<String> number(String key) {
        return Optional.ofNullable(numbers.get(key)).map(PromotedColumns::name).map(name -> "e." + name);
    }

    static String name(int id) {
        return "promoted_" + id;
    }

    static PromotedColumns of(Map<String, Integer> byKey, Map<String, PropertyType> types) {
        Map<String, Integer> strings = new java.util.HashMap<>();
        Map<String, Integer> numbers = new java.util.HashMap<>();
        byKey.forEach((key, id) -> (types.get(key) == PropertyType.NUMBER ? numbers : strings).put(key, id));
        return new PromotedColumns(strings, numbers);
    }
}
