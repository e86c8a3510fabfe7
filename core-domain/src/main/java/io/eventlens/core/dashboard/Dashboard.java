package io.eventlens.core.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A saved dashboard: a name and its panels in grid order.
 *
 * @param id the dashboard's stable identifier, used in links
 * @param updatedAt when it was last saved
 */
public record Dashboard(String id, String name, List<Panel> panels, Instant updatedAt) {

    public Dashboard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        panels = List.copyOf(panels);
    }

    /**
     * One saved view of a dashboard.
     *
     * @param view the web page's state of that view, as the query string of its URL; opaque to the server, which
     *             only keeps it, so the page may add fields without a migration
     */
    public record Panel(String title, String view) {

        public Panel {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(view, "view");
        }
    }
}
