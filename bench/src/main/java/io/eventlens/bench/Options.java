package io.eventlens.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A benchmark's command line: {@code --name value} or {@code --name=value}. Every option has a default; an option the
 * program does not know stops it with the list of those it does, so a typo never runs the wrong benchmark.
 */
final class Options {

    private final Map<String, @Nullable String> values = new LinkedHashMap<>();

    private Options() {}

    static Options parse(String[] args, Map<String, @Nullable String> defaults) {
        Options options = new Options();
        options.values.putAll(defaults);
        Set<String> known = defaults.keySet();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got '" + arg + "'; options: " + known);
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(2, equals) : arg.substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options: " + known);
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            options.values.put(name, value);
        }
        return options;
    }

    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    int integer(String name) {
        return Integer.parseInt(text(name));
    }

    long number(String name) {
        return Long.parseLong(text(name));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(text(name));
    }

    boolean given(String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }
}
