package io.eventlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration reference is generated: Boot's configuration processor writes every {@code eventlens.*} setting
 * of the {@code @ConfigurationProperties} records (with its default and the record's {@code @param} text) into
 * {@code META-INF/spring-configuration-metadata.json} of each module. docs/configuration.md must be exactly what that
 * metadata renders to, and the README's table must name every setting, and only those, with the same defaults.
 * Run with {@code -Deventlens.write-docs=true} to rewrite docs/configuration.md.
 */
class ConfigurationReferenceTests {

    private static final Path README = Path.of("..", "README.md");
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One setting as the processor described it. */
    record Setting(String name, String type, @Nullable String defaultValue, String description) {}

    @Test
    void docsConfigurationMdIsWhatTheMetadataRendersTo() throws IOException {
        String rendered = render(settings());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "configuration.md"), rendered);
        if (Boolean.getBoolean("eventlens.write-docs")) {
            Files.writeString(REFERENCE, rendered);
        }
        assertThat(Files.readString(REFERENCE))
                .as("docs/configuration.md is out of date: compare app/target/configuration.md, or rerun with "
                        + "-Deventlens.write-docs=true")
                .isEqualTo(rendered);
    }

    @Test
    void theReadmeTableNamesEverySettingWithItsDefault() throws IOException {
        Map<String, Setting> settings = settings();
        Map<String, String> readme = readmeDefaults();

        assertThat(readme.keySet()).as("settings in the README's table").containsAll(settings.keySet());
        assertThat(settings.keySet()).as("settings the metadata knows").containsAll(readme.keySet());
        for (Setting setting : settings.values()) {
            if (setting.defaultValue() != null) {
                assertThat(readme.get(setting.name()))
                        .as(setting.name() + "'s default in the README")
                        .contains("`" + setting.defaultValue() + "`");
            }
        }
    }

    /** Every {@code eventlens.*} setting of every module's metadata, by name. */
    private static Map<String, Setting> settings() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Setting> settings = new TreeMap<>();
        for (URL resource : Collections.list(ConfigurationReferenceTests.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = resource.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("eventlens.")) {
                        JsonNode value = property.path("defaultValue");
                        settings.put(
                                name,
                                new Setting(
                                        name,
                                        type(property.path("type").asString()),
                                        value.isMissingNode() || value.isNull() ? null : value.asString(),
                                        javadoc(property.path("description").asString())));
                    }
                }
            }
        }
        assertThat(settings)
                .as("metadata of the configuration processor on the class path")
                .hasSizeGreaterThan(50);
        return settings;
    }

    private static String render(Map<String, Setting> settings) {
        StringBuilder out = new StringBuilder("""
                # Configuration reference

                Every `eventlens.*` setting, generated from the metadata Spring Boot's configuration processor writes
                for the `@ConfigurationProperties` records (`META-INF/spring-configuration-metadata.json` in each
                module's jar, which IDEs also read to complete settings in `application.yml`). Do not edit by hand:
                `ConfigurationReferenceTests` fails when this file differs from the metadata and rewrites it with
                `-Deventlens.write-docs=true`. How to give a setting (command line, environment variable, file), and
                the Spring Boot settings EventLens relies on, are in the [README](../README.md#configuration-reference).

                | setting | type | default | what it does |
                |---|---|---|---|
                """);
        for (Setting setting : settings.values()) {
            out.append("| `")
                    .append(setting.name())
                    .append("` | ")
                    .append(setting.type())
                    .append(" | ")
                    .append(setting.defaultValue() == null ? "unset" : "`" + setting.defaultValue() + "`")
                    .append(" | ")
                    .append(setting.description().isEmpty() ? "–" : setting.description())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** {@code java.time.Duration} as {@code Duration}, {@code java.util.Map<java.lang.String,...>} as {@code Map}. */
    private static String type(String type) {
        String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
        String simple = raw.substring(raw.lastIndexOf('.') + 1).replace('$', '.');
        return switch (simple) {
            case "Integer" -> "int";
            case "Boolean" -> "boolean";
            case "Long" -> "long";
            case "Double" -> "double";
            case "Float" -> "float";
            default -> simple;
        };
    }

    /** The processor keeps Javadoc's inline tags; Markdown wants backticks. */
    private static String javadoc(String text) {
        String plain = text.replaceAll("\\{@code ([^}]*)}", "`$1`")
                .replaceAll("\\{@link (?:[\\w.]*\\.)?(\\w+)#(\\w+(?:\\(\\))?)}", "`$1.$2`")
                .replaceAll("\\{@link (?:[\\w.]*\\.)?([\\w]+)}", "`$1`")
                .replaceAll("\\s+", " ")
                .strip();
        return plain.replace("|", "\\|");
    }

    /**
     * The README table's settings with the text of their default cell. A row may name several: {@code `a.b.c` /
     * `.d`} (a sibling's last part) or {@code `a.b.c` / `d`}; their defaults are then given in the same order, split
     * by {@code " / "}. {@code `x.settings.<name>`} names the map {@code x.settings}.
     */
    private static Map<String, String> readmeDefaults() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Configuration reference");
        int end = readme.indexOf("\n## ", start + 1);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            List<String> names = new ArrayList<>();
            Matcher code = CODE.matcher(cells[0]);
            while (code.find()) {
                String token = code.group(1).replace(".<name>", "");
                String first = names.isEmpty() ? token : names.getFirst();
                String parent = first.substring(0, first.lastIndexOf('.'));
                names.add(
                        names.isEmpty()
                                ? token
                                : token.startsWith(".")
                                        ? parent + token
                                        : token.contains(".") ? token : parent + "." + token);
            }
            String[] parts = cells[1].split(" / ");
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).startsWith("eventlens.")) {
                    defaults.put(names.get(i), parts.length == names.size() ? parts[i] : cells[1]);
                }
            }
        }
        assertThat(defaults).as("settings read from the README's table").hasSizeGreaterThan(50);
        return defaults;
    }
}
