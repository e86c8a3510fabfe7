package io.eventlens.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SegmentMessagesTests {

    final SegmentMessages messages = new SegmentMessages(1024);
    final BatchReader reader = new BatchReader(JsonMapper.builder().build(), 10);
    final ProjectId shop = new ProjectId("shop");
    final Instant received = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aMessageIdThatIsNoUuidNamesTheSameVersion5IdEveryTimePerProject() {
        UUID id = MessageIds.eventId(shop, "node-next-1733447700000-743be593");

        assertThat(MessageIds.eventId(shop, "node-next-1733447700000-743be593")).isEqualTo(id);
        assertThat(MessageIds.eventId(new ProjectId("blog"), "node-next-1733447700000-743be593"))
                .isNotEqualTo(id);
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        // RFC 9562's recipe, computed here: SHA-1 over namespace and name, version and variant bits set.
        assertThat(id)
                .isEqualTo(version5(
                        UUID.fromString("5e6d3a1c-2b7f-4c0e-9a41-8f1d2c3b4a50"),
                        "shop\u0000node-next-1733447700000-743be593"));
    }

    @Test
    void aCanonicalUuidMessageIdIsTheEventId() {
        UUID uuid = UUID.randomUUID();
        assertThat(MessageIds.eventId(shop, uuid.toString())).isEqualTo(uuid);
        assertThat(MessageIds.eventId(shop, uuid.toString().toUpperCase())).isEqualTo(uuid);
        // Short forms UUID.fromString takes are names, not ids.
        assertThat(MessageIds.eventId(shop, "1-1-1-1-1")).isNotEqualTo(UUID.fromString("1-1-1-1-1"));
    }

    @Test
    void countriesAsCodesOrEnglishNames() {
        assertThat(SegmentMessages.country("de")).isEqualTo("DE");
        assertThat(SegmentMessages.country("Germany")).isEqualTo("DE");
        assertThat(SegmentMessages.country("DEU")).isEqualTo("DE");
        assertThat(SegmentMessages.country("United States")).isEqualTo("US");
        assertThat(SegmentMessages.country("Atlantis")).isNull();
    }

    @Test
    void trackMapsContextOntoDimensionsAndKeepsTheRestAsProperties() {
        var translated = translate("""
                {"type": "track", "event": "Played", "userId": "u", "anonymousId": "a", "messageId": "m-1",
                 "timestamp": "2026-12-06T09:00:00Z", "properties": {"song": "x", "revenue": 1.5},
                 "context": {"ip": "203.0.113.9", "userAgent": "UA", "page": {"path": "/p", "title": "T"},
                             "location": {"country": "Atlantis", "city": "C"},
                             "campaign": {"source": "s", "name": "n"}, "deep": {"a": {"b": 1}, "c": 2}}}""");

        Map<String, Object> fields = translated.draft().fields();
        assertThat(fields)
                .containsEntry("type", "Played")
                .containsEntry("userId", "u")
                .containsEntry("timestamp", "2026-12-06T09:00:00Z")
                .containsEntry("page", "/p")
                .containsEntry("revenue", 1.5)
                .containsEntry("id", MessageIds.eventId(shop, "m-1").toString())
                .doesNotContainKey("country");
        assertThat(fields.get("properties"))
                .isEqualTo(Map.of(
                        "song",
                        "x",
                        "revenue",
                        1.5,
                        "anonymousId",
                        "a",
                        "utm_source",
                        "s",
                        "utm_campaign",
                        "n",
                        "context",
                        Map.of(
                                "userAgent",
                                "UA",
                                "page",
                                Map.of("title", "T"),
                                "location",
                                Map.of("country", "Atlantis", "city", "C"),
                                "deep",
                                Map.of("c", 2))));
        assertThat(SegmentMessages.origin(translated.origins(), "type")).isEqualTo("event");
        assertThat(SegmentMessages.origin(translated.origins(), "properties.song"))
                .isEqualTo("properties.song");
    }

    @Test
    void identifyTraitsAreItsProperties() {
        var translated = translate("""
                {"type": "identify", "anonymousId": "a", "traits": {"plan": "pro"}}""");
        assertThat(translated.draft().fields())
                .containsEntry("type", "identify")
                .containsEntry("userId", "a")
                .containsEntry("properties", Map.of("plan", "pro"));
        assertThat(SegmentMessages.origin(translated.origins(), "properties.plan[0]"))
                .isEqualTo("traits.plan[0]");
    }

    @Test
    void originalTimestampIsCorrectedByTheSendersSkew() {
        var translated = translate("""
                {"type": "page", "userId": "u", "originalTimestamp": "2026-12-06T10:59:00Z",
                 "sentAt": "2026-12-06T11:00:00Z"}""");
        assertThat(translated.draft().fields()).containsEntry("timestamp", "2026-12-06T09:59:00Z");
    }

    @Test
    void refusalsNameTheSegmentField() {
        assertThatThrownBy(() -> translate("{\"type\": \"track\", \"userId\": \"u\"}"))
                .isInstanceOfSatisfying(
                        SegmentMessages.Problem.class,
                        p -> assertThat(p.field()).isEqualTo("event"));
        assertThatThrownBy(() -> translate("{\"type\": \"track\", \"event\": \"e\"}"))
                .isInstanceOfSatisfying(
                        SegmentMessages.Problem.class,
                        p -> assertThat(p.field()).isEqualTo("userId"));
        assertThatThrownBy(() -> translate("{\"type\": \"Track\", \"userId\": \"u\"}"))
                .isInstanceOfSatisfying(
                        SegmentMessages.Problem.class,
                        p -> assertThat(p.field()).isEqualTo("type"));
        assertThatThrownBy(() -> translate("{\"type\": \"alias\", \"userId\": \"u\"}"))
                .isInstanceOfSatisfying(
                        SegmentMessages.Problem.class,
                        p -> assertThat(p.field()).isEqualTo("previousId"));
        assertThatThrownBy(() ->
                        translate("{\"type\": \"track\", \"event\": \"e\", \"userId\": \"u\", " + "\"context\": [1]}"))
                .isInstanceOfSatisfying(
                        SegmentMessages.Problem.class,
                        p -> assertThat(p.field()).isEqualTo("context"));
    }

    @Test
    void writeKeyFromBasicAuth() {
        String encoded = java.util.Base64.getEncoder().encodeToString("el_ingest_k:".getBytes(StandardCharsets.UTF_8));
        assertThat(SegmentHandler.writeKey("Basic " + encoded)).isEqualTo("el_ingest_k");
        String password = java.util.Base64.getEncoder().encodeToString(":el_ingest_p".getBytes(StandardCharsets.UTF_8));
        assertThat(SegmentHandler.writeKey("basic " + password)).isEqualTo("el_ingest_p");
        assertThat(SegmentHandler.writeKey("Bearer el_ingest_b")).isEqualTo("Bearer el_ingest_b");
    }

    private SegmentMessages.Translated translate(String json) {
        return messages.translate(
                shop, reader.object(json.getBytes(StandardCharsets.UTF_8)), null, Map.of(), null, received);
    }

    private static UUID version5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits())
                    .array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bytes = ByteBuffer.wrap(hash);
            return new UUID(bytes.getLong(0), bytes.getLong(8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
