package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.netty.buffer.ByteBuf;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events as the body of a binary {@code COPY events ... FROM STDIN}: every value in PostgreSQL's own binary form, so
 * neither side parses text for them (the JSON properties excepted: jsonb's binary input is its text). JFR showed the
 * driver escaping fifteen text arrays per batch as a tenth of the app's ingest CPU, and the arrays' parsing was most
 * of PostgreSQL's time for the insert.
 */
final class EventCopy {

    /** The columns, in the order each row holds them; {@code received_at} takes its default. */
    static final String SQL =
            "COPY events (project_id, id, ts, type, user_id, session_id, country, device, browser, os,"
                    + " page, referrer, revenue, properties, user_no, session_no) FROM STDIN (FORMAT binary)";

    private static final int COLUMNS = 16;

    private final JsonMapper json;

    EventCopy(JsonMapper json) {
        this.json = json;
    }

    /** The whole body (header, one tuple per event, trailer) in one buffer, released by the driver once sent. */
    ByteBuf body(ProjectId project, List<Event> events, MemberNumbers.Numbered numbers) {
        CopyRows.Builder rows = new CopyRows.Builder(events.size() * 512);
        for (Event event : events) {
            rows.row(COLUMNS)
                    .text(project.value())
                    .uuid(event.id())
                    .timestamptz(event.timestamp())
                    .text(event.type())
                    .text(event.userId())
                    .text(event.sessionId())
                    .text(event.country())
                    .text(event.device())
                    .text(event.browser())
                    .text(event.os())
                    .text(event.page())
                    .text(event.referrer())
                    .float8(event.revenue())
                    .jsonb(json.writeValueAsBytes(event.properties()))
                    .int4(numbers.user(event.userId()))
                    .int4(numbers.session(event.sessionId()));
        }
        return rows.buffer();
    }
}
