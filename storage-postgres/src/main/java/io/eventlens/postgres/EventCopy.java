package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events as the body of a binary {@code COPY events ... FROM STDIN}: every value in PostgreSQL's own binary form, so
 * neither side parses text for them (the JSON properties excepted: jsonb's binary input is its text). JFR showed the
 * driver escaping fifteen text arrays per batch as a tenth of the app's ingest CPU, and the arrays' parsing was most
 * of PostgreSQL's time for the insert.
 */
final class EventCopy {

    /** The columns, in the order each row holds them; {@code received_at} takes its default. */
    static final String SQL = "COPY events (project_id, id, ts, type, user_id, session_id, country, device, browser, os,"
            + " page, referrer, revenue, properties, user_no, session_no) FROM STDIN (FORMAT binary)";

    private static final int COLUMNS = 16;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    private static final byte JSONB_VERSION = 1;

    private final JsonMapper json;

    EventCopy(JsonMapper json) {
        this.json = json;
    }

    /** The whole body (header, one tuple per event, trailer) in one buffer, released by the driver once sent. */
    ByteBuf body(ProjectId project, List<Event> events, MemberNumbers.Numbered numbers) {
        ByteBuf out = Unpooled.buffer(64 + events.size() * 512);
        out.writeBytes(SIGNATURE).writeInt(0).writeInt(0); // no flags, no header extension
        byte[] projectId = project.value().getBytes(StandardCharsets.UTF_8);
        for (Event event : events) {
            out.writeShort(COLUMNS);
            out.writeInt(projectId.length).writeBytes(projectId);
            out.writeInt(16).writeLong(event.id().getMostSignificantBits())
                    .writeLong(event.id().getLeastSignificantBits());
            out.writeInt(8).writeLong(micros(event.timestamp()));
            text(out, event.type());
            text(out, event.userId());
            text(out, event.sessionId());
            text(out, event.country());
            text(out, event.device());
            text(out, event.browser());
            text(out, event.os());
            text(out, event.page());
            text(out, event.referrer());
            Double revenue = event.revenue();
            if (revenue == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(8).writeDouble(revenue);
            }
            byte[] properties = json.writeValueAsBytes(event.properties());
            out.writeInt(1 + properties.length).writeByte(JSONB_VERSION).writeBytes(properties);
            integer(out, numbers.user(event.userId()));
            integer(out, numbers.session(event.sessionId()));
        }
        return out.writeShort(-1);
    }

    /**
     * Microseconds rounded as PostgreSQL rounds a timestamp's text ({@code rint} of the fraction, a double, times a
     * million), so an instant with nanoseconds is stored as the same value a query bound to it compares with.
     * Ingested events are already whole microseconds; a direct write of {@code Instant.now()} may not be.
     */
    static long micros(Instant instant) {
        long fraction = (long) Math.rint(instant.getNano() / 1e9 * 1e6);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                fraction);
    }

    private static void text(ByteBuf out, @Nullable String value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        out.setInt(lengthAt, out.writeCharSequence(value, StandardCharsets.UTF_8));
    }

    private static void integer(ByteBuf out, @Nullable Integer value) {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(4).writeInt(value);
        }
    }
}
