package io.eventlens.app.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** Random JSON values of every type and shape, with the field names the API knows among random ones. */
final class JsonValues {

    private static final List<String> NAMES = List.of(
            "metrics",
            "dimensions",
            "from",
            "to",
            "filters",
            "granularity",
            "timezone",
            "limit",
            "orderBy",
            "steps",
            "window",
            "type",
            "dimension",
            "op",
            "values",
            "id",
            "timestamp",
            "properties",
            "name",
            "expression",
            "userId",
            "sessionId",
            "country",
            "revenue",
            "device",
            "page",
            "referrer");

    private final RandomGenerator random;
    private final Mutations mutations;

    JsonValues(RandomGenerator random, Mutations mutations) {
        this.random = random;
        this.mutations = mutations;
    }

    /** A field name, mostly one the API knows. */
    String name() {
        return random.nextInt(4) == 0 ? mutations.token() : NAMES.get(random.nextInt(NAMES.size()));
    }

    @Nullable
    Object value() {
        return value(0);
    }

    private @Nullable Object value(int depth) {
        return switch (random.nextInt(depth > 3 ? 7 : 9)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(-10, 300));
            case 4 -> mutations.token();
            case 5 -> "2026-" + random.nextInt(20) + "-01T00:00:00Z";
            case 6 -> "x".repeat(random.nextInt(5_000));
            case 7 -> {
                List<@Nullable Object> list = new ArrayList<>();
                for (int i = 0, size = random.nextInt(5); i < size; i++) {
                    list.add(value(depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                for (int i = 0, size = random.nextInt(6); i < size; i++) {
                    map.put(name(), value(depth + 1));
                }
                yield map;
            }
        };
    }
}
