package io.eventlens.core.dashboard;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Saves dashboards after checking them: bounded sizes, so a page can't store unbounded text, and ids that are safe in
 * a URL. Refusals are {@link QueryException}s naming the field at fault.
 */
public final class Dashboards {

    /** Most panels on one dashboard. */
    public static final int MAX_PANELS = 24;
    /** Longest name or title, in characters. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Longest saved view (a URL query string), in characters. */
    public static final int MAX_VIEW_LENGTH = 4096;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final DashboardStore store;
    private final Clock clock;

    public Dashboards(DashboardStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A dashboard as a client sends it; a missing id creates a new dashboard. */
    public record Draft(@Nullable String id, String name, List<Dashboard.Panel> panels) {}

    /** Validates and saves the draft; answers the stored dashboard. */
    public Mono<Dashboard> save(ProjectId project, Draft draft) {
        return Mono.fromCallable(() -> validate(draft))
                .flatMap(dashboard -> store.save(project, dashboard).thenReturn(dashboard));
    }

    private Dashboard validate(Draft draft) {
        String id = draft.id() == null ? UUID.randomUUID().toString() : draft.id();
        if (!ID.matcher(id).matches()) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, "id", "must be 1 to 64 letters, digits, '-' or '_'");
        }
        String name = draft.name().strip();
        checkText("name", name);
        if (draft.panels().size() > MAX_PANELS) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "panels",
                    "at most " + MAX_PANELS + " panels, got " + draft.panels().size());
        }
        List<Dashboard.Panel> panels = new ArrayList<>();
        for (int i = 0; i < draft.panels().size(); i++) {
            Dashboard.Panel panel = draft.panels().get(i);
            checkText("panels[" + i + "].title", panel.title().strip());
            if (panel.view().length() > MAX_VIEW_LENGTH) {
                throw new QueryException(
                        ErrorCode.INVALID_ARGUMENT,
                        "panels[" + i + "].view",
                        "at most " + MAX_VIEW_LENGTH + " characters");
            }
            panels.add(new Dashboard.Panel(panel.title().strip(), panel.view()));
        }
        return new Dashboard(id, name, panels, clock.instant());
    }

    private static void checkText(String field, String text) {
        if (text.isEmpty() || text.length() > MAX_NAME_LENGTH) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT, field, "must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }
}
