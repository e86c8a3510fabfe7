package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.storage.EventStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Many clients retrying the same overlapping batches at once, as after a network partition: every id is stored
 * exactly once, the answers' accepted counts add up to the distinct events, and a report counts each event once.
 * Half the events are days old, so every write also adds to rollups that already hold their time.
 */
@EventLensAppTest
class RetryStormTests {

    private static final int CLIENTS = 6;
    private static final int BATCHES = 20;
    private static final int BATCH = 100;
    /** Batch k holds events [k * STRIDE, k * STRIDE + BATCH): each overlaps the next by half. */
    private static final int STRIDE = 50;

    @LocalServerPort
    int port;

    @Autowired
    EventStorage storage;

    private final String type = "storm_" + UUID.randomUUID().toString().replace("-", "");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyIdIsStoredOnceWhateverTheOrderAndTheRetries() throws Exception {
        int distinct = (BATCHES - 1) * STRIDE + BATCH;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Random random = new Random(42);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            Instant ts = i % 2 == 0
                    ? now.minusSeconds(random.nextInt(600))
                    : now.minus(Duration.ofDays(1 + random.nextInt(5))).minusSeconds(random.nextInt(3600));
            events.add("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"timestamp\":\"" + ts
                    + "\",\"userId\":\"u" + random.nextInt(40) + "\"}");
        }
        List<String> batches = new ArrayList<>();
        for (int k = 0; k < BATCHES; k++) {
            batches.add("[" + String.join(",", events.subList(k * STRIDE, k * STRIDE + BATCH)) + "]");
        }

        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                List<String> mine = new ArrayList<>(batches);
                mine.addAll(batches.subList(0, BATCHES / 2)); // a retry of half of them, as after lost answers
                Collections.shuffle(mine, new Random(c));
                running.add(clients.submit(() -> {
                    for (String batch : mine) {
                        String answer = post(batch);
                        accepted.addAndGet(count(answer, "accepted"));
                        duplicates.addAndGet(count(answer, "duplicates"));
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }

        long sent = (long) CLIENTS * (BATCHES + BATCHES / 2) * BATCH;
        assertThat(accepted.get()).as("accepted over all answers").isEqualTo(distinct);
        assertThat(accepted.get() + duplicates.get()).isEqualTo(sent);

        Filter ofThisTest = new Filter(new Dimension.Column(EventColumn.TYPE), FilterOp.EQ, List.of(type));
        var page = storage.events(new EventPageQuery(ProjectId.DEFAULT, List.of(ofThisTest), null, null, 5000, null))
                .block(Duration.ofMinutes(1));
        assertThat(page).isNotNull();
        Set<UUID> ids = new HashSet<>();
        page.events().stream().map(Event::id).forEach(ids::add);
        assertThat(page.events()).hasSize(distinct);
        assertThat(ids).hasSize(distinct);

        String report = graphql("{ report(input: {metrics: [\"events\"], filters: [{dimension: \"type\", op: EQ, "
                + "values: [\"" + type + "\"]}], from: \"" + now.minus(Duration.ofDays(7)) + "\", to: \""
                + now.plusSeconds(1) + "\"}) { totals } }");
        assertThat(report).contains("\"totals\":[" + distinct + ".0]");
    }

    private String post(String batch) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                        .header("Authorization", TestKeys.bearer(TestKeys.INGEST))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private String graphql(String query) throws Exception {
        String body = "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}";
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                        .header("Authorization", TestKeys.bearer(TestKeys.READ))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static long count(String answer, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":([0-9]+)").matcher(answer);
        assertThat(matcher.find()).as(answer).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
