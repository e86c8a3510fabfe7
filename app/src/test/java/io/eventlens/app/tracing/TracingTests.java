package io.eventlens.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import io.eventlens.app.realtime.LiveClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With tracing turned on (sampling and an OTLP endpoint), one ingest and one report reach an OTLP receiver the test
 * runs: the HTTP request spans and, beneath them, the storage write, the report's plan and its read.
 */
class TracingTests {

    @Test
    void anIngestAndAReportReachTheOtlpReceiver() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/tracing",
                    "--eventlens.embedded-postgres.port=0",
                    "--eventlens.embedded-redis.port=0",
                    "--management.tracing.sampling.probability=1.0",
                    "--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint()));
            arguments.addAll(List.of(TestKeys.arguments()));
            try (ConfigurableApplicationContext app =
                    new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new))) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                Client client = new Client(port);
                String type = "traced_" + UUID.randomUUID().toString().substring(0, 8);
                assertThat(client.send(
                                        TestKeys.INGEST,
                                        "POST",
                                        "/v1/events",
                                        "application/json",
                                        "[{\"type\":\"" + type + "\"}]")
                                .statusCode())
                        .isEqualTo(200);
                client.data(TestKeys.READ, "{ overview { events } }", Map.of());
                // A live report's run (its reads and its push) is a span of its own.
                try (LiveClient live = LiveClient.connect(port)) {
                    String id = live.subscribe(
                            "subscription($input: LiveReportInput!) { liveReport(input: $input, "
                                    + "refreshMs: 100) { totals } }",
                            Map.of("input", Map.of("metrics", List.of("events"), "last", "1h")));
                    live.next(id);
                }
            } // closing the app flushes the spans still batched
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!(receiver.received().contains("eventlens.storage.read")
                            && receiver.received().contains("eventlens.live.compute"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(receiver.received())
                    .contains(
                            "eventlens.storage.write",
                            "eventlens.report.plan",
                            "eventlens.storage.read",
                            "eventlens.live.compute",
                            "/v1/events",
                            "/graphql");
        }
    }
}
