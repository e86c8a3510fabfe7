package io.eventlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker runs here, so the container files are checked against what they build on: the Dockerfile ships the jar
 * the launcher runs, on the JDK the build asks for, exposes the configured port, checks the readiness endpoint the
 * app serves, and every setting the Dockerfile and compose.yaml pass as an environment variable is a documented one.
 */
class ContainerFilesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void dockerfileBuildsAndRunsWhatTheLauncherDoes() throws IOException {
        String dockerfile = read("Dockerfile");
        String launcher = read("eventlens");
        String pom = read("pom.xml");
        String applicationYml = read("app/src/main/resources/application.yml");

        String jar = group(launcher, "(?m)^jar=(\\S+)$");
        assertThat(dockerfile).contains("COPY --from=build /src/" + jar + " ");
        String java = group(pom, "<java.version>(\\d+)</java.version>");
        assertThat(all(dockerfile, "(?m)^FROM eclipse-temurin:(\\d+)-")).containsExactly(java, java);
        assertThat(launcher).contains("version \"(2[5-9]"); // the launcher's own check asks for the same JDK
        assertThat(group(dockerfile, "(?m)^EXPOSE (\\d+)$"))
                .isEqualTo(group(applicationYml, "(?m)^server:\\n  port: (\\d+)$"));
        assertThat(dockerfile)
                .contains("http://localhost:" + group(applicationYml, "(?m)^server:\\n  port: (\\d+)$")
                        + "/actuator/health/readiness");
        assertThat(applicationYml).contains("include: health, prometheus").contains("readiness:");
        assertThat(group(dockerfile, "(?m)^ENV EVENTLENS_DATA_DIR=(\\S+)$"))
                .isEqualTo(group(dockerfile, "(?m)^VOLUME (\\S+)$"));
        // The heap and pause settings the launcher gives the server are the container's.
        List<String> launcherOptions =
                List.of(group(launcher, "EVENTLENS_JAVA_OPTIONS-\"(-[^\"]+)\"").split(" "));
        assertThat(all(group(dockerfile, "(?m)^ENTRYPOINT \\[(.*)]$"), "\"(-XX:[^\"]+)\""))
                .isNotEmpty()
                .isEqualTo(launcherOptions);
        assertThat(launcher).contains("\"${java_options[@]}\" -jar \"$jar\"");
    }

    @Test
    void theJibImageIsTheDockerfilesImage() throws IOException {
        String dockerfile = read("Dockerfile");
        String jib = read("app/pom.xml");
        jib = jib.substring(jib.indexOf("<id>image</id>"));

        assertThat(group(jib, "<jib.from.image>([^<]+)</jib.from.image>"))
                .isEqualTo(group(dockerfile, "(?m)^FROM (\\S+)$"));
        assertThat(group(jib, "<user>([^<]+)</user>")).isEqualTo(group(dockerfile, "--uid (\\d+)"));
        assertThat(group(jib, "<port>(\\d+)</port>")).isEqualTo(group(dockerfile, "(?m)^EXPOSE (\\d+)$"));
        String volume = group(dockerfile, "(?m)^VOLUME (\\S+)$");
        assertThat(group(jib, "<volume>([^<]+)</volume>")).isEqualTo(volume);
        assertThat(group(jib, "<workingDirectory>([^<]+)</workingDirectory>")).isEqualTo(volume);
        assertThat(group(jib, "<EVENTLENS_DATA_DIR>([^<]+)</EVENTLENS_DATA_DIR>"))
                .isEqualTo(volume);
        assertThat(jib).contains("jib-extra" + volume + "\"").contains("<file>" + volume + "</file>");
        // The JVM flags of the Dockerfile's entry point, and the main class of the launcher's jar.
        List<String> flags = all(group(dockerfile, "(?m)^ENTRYPOINT \\[(.*)]$"), "\"(--?(?!jar\")[^\"]+)\"");
        assertThat(flags).hasSizeGreaterThan(1);
        for (String flag : flags) {
            assertThat(jib).contains("<jvmFlag>" + flag + "</jvmFlag>");
        }
        assertThat(group(jib, "<mainClass>([^<]+)</mainClass>")).isEqualTo(EventLensApplication.class.getName());
    }

    @Test
    void everyEnvironmentVariableNamesADocumentedSetting() throws IOException {
        Set<String> documented = documentedSettings(read("README.md"));
        List<String> variables = new ArrayList<>();
        for (String file : List.of("Dockerfile", "compose.yaml")) {
            variables.addAll(all(read(file), "(?<![A-Z_{])((?:EVENTLENS|LOGGING)_[A-Z0-9_]+)(?=[:=])"));
        }
        assertThat(variables).isNotEmpty();
        assertThat(variables)
                .allSatisfy(variable ->
                        assertThat(documented).as(variable + " in the README").contains(canonical(variable)));
    }

    /** Every setting the README names in backticks, {@code `a.b.c` / `.d` / `e`} counting as a.b.c, a.b.d, a.b.e. */
    private static Set<String> documentedSettings(String readme) {
        Set<String> settings = new HashSet<>();
        Matcher group = Pattern.compile("`((?:eventlens|logging|management|server|spring)\\.[a-z0-9.\\-]+)"
                        + "(?:=[^`]*)?`((?:\\s*/\\s*`\\.?[a-z0-9\\-]+`)*)")
                .matcher(readme);
        while (group.find()) {
            String key = group.group(1);
            settings.add(canonical(key));
            String parent = key.substring(0, key.lastIndexOf('.'));
            Matcher sibling = Pattern.compile("`\\.?([a-z0-9\\-]+)`").matcher(group.group(2));
            while (sibling.find()) {
                settings.add(canonical(parent + "." + sibling.group(1)));
            }
        }
        return settings;
    }

    /** Spring's relaxed binding, roughly: case, dots, dashes and underscores do not matter. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[._\\-]", "");
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    private static String group(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
