package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns a Segment {@code messageId} into the event id, the same every time, so a resent message is a duplicate: a
 * canonical UUID is taken as it is; any other text (e.g. {@code node-next-1733447700000-743b...}) gives a name-based
 * UUID (RFC 9562 version 5, SHA-1) of the project and the text in a namespace of EventLens's own.
 */
final class MessageIds {

    /** The namespace of Segment message ids; fixed forever, or every stored id would change meaning. */
    private static final UUID NAMESPACE = UUID.fromString("5e6d3a1c-2b7f-4c0e-9a41-8f1d2c3b4a50");

    private MessageIds() {}

    static UUID eventId(ProjectId project, String messageId) {
        if (messageId.length() == 36) {
            try {
                UUID uuid = UUID.fromString(messageId);
                if (uuid.toString().equals(messageId.toLowerCase(Locale.ROOT))) {
                    return uuid;
                }
            } catch (IllegalArgumentException e) {
                // not a UUID: named below
            }
        }
        return nameBased(project.value() + "\u0000" + messageId);
    }

    private static UUID nameBased(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits())
                .array());
        ByteBuffer hash = ByteBuffer.wrap(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
        long high = (hash.getLong(0) & ~0xF000L) | 0x5000L; // version 5
        long low = (hash.getLong(8) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low);
    }
}
