package io.eventlens.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A backup taken while events stream in, restored into a new data directory and started: every event acknowledged
 * before the backup began is there, exactly once, and reports over the restored data equal the events it holds.
 */
class BackupRestoreTests {

    private static final int BATCH = 50;

    private final Path root =
            Path.of("target", "test-data", TestRun.ID, "backup").toAbsolutePath();

    @Test
    void backupDuringIngestRestoresEveryEventAcknowledgedBeforeIt() throws Exception {
        Path original = root.resolve("original");
        Path restored = root.resolve("restored");
        Path archive = root.resolve("eventlens-backup.zip");
        List<String> beforeBackup;
        List<String> acknowledged;
        try (ConfigurableApplicationContext app = start(original)) {
            Client client = client(app);
            List<String> acked = new ArrayList<>();
            AtomicBoolean ingesting = new AtomicBoolean(true);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (ingesting.get()) {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        ids.add(UUID.randomUUID().toString());
                    }
                    if (send(client, ids).statusCode() == 200) {
                        synchronized (acked) {
                            acked.addAll(ids);
                        }
                    }
                }
            });
            while (size(acked) < 10 * BATCH) {
                Thread.sleep(20);
            }
            synchronized (acked) {
                beforeBackup = List.copyOf(acked);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = BackupCommand.run(
                    BackupCommand.BACKUP,
                    new String[] {archive.toString(), "--eventlens.data-dir=" + original},
                    Map.of(),
                    new PrintStream(out),
                    System.err);
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("online");
            // It holds the admin token, the keys and every event: the owner's alone.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)))
                    .isEqualTo("rw-------");
            Thread.sleep(300); // and a few batches after it
            ingesting.set(false);
            writer.join();
            synchronized (acked) {
                acknowledged = List.copyOf(acked);
            }
        }

        assertThat(BackupCommand.run(
                        BackupCommand.RESTORE,
                        new String[] {archive.toString(), "--eventlens.data-dir=" + restored},
                        Map.of(),
                        System.out,
                        System.err))
                .isZero();
        try (ConfigurableApplicationContext app = start(restored)) {
            Client client = client(app);
            long reported = client.data(TestKeys.READ, "{ overview { events } }", Map.of())
                    .path("overview")
                    .path("events")
                    .asLong();
            // Sending the events again stores nothing that was there: the duplicates are what the restore holds.
            int duplicatesBefore = duplicates(client, beforeBackup);
            assertThat(duplicatesBefore).isEqualTo(beforeBackup.size());
            int duplicatesAfter = duplicates(client, acknowledged.subList(beforeBackup.size(), acknowledged.size()));
            assertThat(reported).isEqualTo(duplicatesBefore + duplicatesAfter);
        }
    }

    @Test
    void restoreRefusesADataDirectoryInUse() throws IOException {
        Path used = root.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("admin-token"), "x");
        Path archive = root.resolve("none.zip");
        Files.write(archive, new byte[0]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BackupCommand.run(
                BackupCommand.RESTORE,
                new String[] {archive.toString(), "--eventlens.data-dir=" + used},
                Map.of(),
                System.out,
                new PrintStream(err));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not empty");
        assertThatThrownBy(() -> ClusterRestore.restore(archive, root.resolve("fresh")))
                .hasMessageContaining("no EventLens backup");
    }

    private static int duplicates(Client client, List<String> ids) {
        int duplicates = 0;
        for (int from = 0; from < ids.size(); from += 1000) {
            HttpResponse<String> response = send(client, ids.subList(from, Math.min(ids.size(), from + 1000)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            duplicates +=
                    Client.JSON.readTree(response.body()).path("duplicates").asInt();
        }
        return duplicates;
    }

    private static HttpResponse<String> send(Client client, List<String> ids) {
        StringBuilder body = new StringBuilder("[");
        for (String id : ids) {
            body.append(body.length() == 1 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(id)
                    .append("\",\"type\":\"backup\"}");
        }
        return client.send(
                TestKeys.INGEST,
                "POST",
                "/v1/events",
                "application/json",
                body.append(']').toString());
    }

    private static int size(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--eventlens.data-dir=" + dataDir,
                "--eventlens.embedded-postgres.port=0",
                "--eventlens.embedded-redis.port=0"));
        arguments.addAll(List.of(TestKeys.arguments()));
        return new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Client client(ConfigurableApplicationContext app) {
        return new Client(((WebServerApplicationContext) app).getWebServer().getPort());
    }
}
