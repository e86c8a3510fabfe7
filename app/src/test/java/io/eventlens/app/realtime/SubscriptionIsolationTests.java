package io.eventlens.app.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import io.eventlens.app.access.Client;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

/** WebSocket connections authenticate in connection_init, and a subscription sees only its key's project. */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionIsolationTests {

    /** graphql-transport-ws: the server refuses the connection_init. */
    private static final int UNAUTHORIZED = 4401;

    @LocalServerPort
    int port;

    private Client http;

    @BeforeAll
    void connect() {
        http = new Client(port);
    }

    @Test
    void aConnectionWithoutAValidKeyIsClosed() {
        try (LiveClient none = LiveClient.open(port, Map.of("type", "connection_init"))) {
            assertThat(none.closeCode()).isEqualTo(UNAUTHORIZED);
        }
        try (LiveClient unknown = LiveClient.open(
                port,
                Map.of(
                        "type",
                        "connection_init",
                        "payload",
                        Map.of("authorization", TestKeys.bearer("el_read_" + UUID.randomUUID()))))) {
            assertThat(unknown.closeCode()).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void anIngestKeyMayNotSubscribe() {
        try (LiveClient client = LiveClient.connect(port, TestKeys.INGEST)) {
            String id = client.subscribe(LiveSubscriptionTests.OVERVIEW_LIVE, Map.of());
            LiveClient.Message message = client.next(id);
            assertThat(message.type()).isEqualTo("error");
            assertThat(String.valueOf(message.payload())).contains("FORBIDDEN");
        }
    }

    @Test
    void aKeyOverItsConcurrentSubscriptionLimitIsToldSoAndWhenToRetry() {
        Client.Tenant tenant =
                http.newProject("sl" + UUID.randomUUID().toString().substring(0, 8));
        http.data(
                TestKeys.SERVER,
                "mutation($p: ID) { setProjectLimits(project: $p, limits: " + "{concurrentSubscriptions: 1}) { id } }",
                Map.of("p", tenant.id()));
        try (LiveClient client = LiveClient.connect(port, tenant.read())) {
            String first = client.subscribe(LiveSubscriptionTests.OVERVIEW_LIVE, Map.of());
            assertThat(client.next(first).type()).isEqualTo("next");
            String second = client.subscribe(LiveSubscriptionTests.OVERVIEW_LIVE, Map.of());
            LiveClient.Message refused = client.next(second);
            assertThat(refused.type()).isEqualTo("error");
            assertThat(String.valueOf(refused.payload()))
                    .contains("RATE_LIMITED")
                    .contains("retryAfterMs")
                    .doesNotContain("INTERNAL");
        }
    }

    @Test
    void anEventStreamSeesOnlyItsProject() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Client.Tenant a = http.newProject("sa" + run);
        Client.Tenant b = http.newProject("sb" + run);
        try (LiveClient client = LiveClient.connect(port, a.read())) {
            String id = client.subscribe(LiveSubscriptionTests.EVENT_STREAM, Map.of());
            LiveSubscriptionTests.waitForSubscription(client, id);
            String ofB = send(b.ingest());
            String ofA = send(a.ingest());
            Map<String, Object> item = client.next(id).data("eventStream");
            assertThat(((Map<?, ?>) item.get("event")).get("id"))
                    .as("B's event was %s", ofB)
                    .isEqualTo(ofA);
            assertThat(client.maybeNext(id, Duration.ofMillis(500))).isNull();
        }
    }

    private String send(String key) {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = http.send(
                key,
                "POST",
                "/v1/events",
                "application/json",
                "{\"id\":\"" + id + "\",\"type\":\"iso\",\"timestamp\":\""
                        + Instant.now().minusSeconds(7200) + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return id;
    }
}
