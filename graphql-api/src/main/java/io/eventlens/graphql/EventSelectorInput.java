package io.eventlens.graphql;

import io.eventlens.core.analysis.EventSelectorRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code EventSelectorInput}: an event type and filters as the client wrote them. */
record EventSelectorInput(String type, @Nullable List<FilterInput> filters) {

    EventSelectorRequest toRequest() {
        return new EventSelectorRequest(type, FilterInput.toRequests(filters));
    }
}
