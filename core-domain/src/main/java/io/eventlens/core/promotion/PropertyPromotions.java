package io.eventlens.core.promotion;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Promotes a project's hot JSON properties to typed columns of its engine. A promotion never changes an answer:
 * reports read the column only once every event has it, and go back to the JSON before a demoted column is dropped.
 */
public interface PropertyPromotions {

    /** An engine that cannot promote properties: lists nothing and refuses promotions. */
    PropertyPromotions NONE = new PropertyPromotions() {
        @Override
        public Mono<List<PromotedProperty>> list(ProjectId project) {
            return Mono.just(List.of());
        }

        @Override
        public Mono<PromotedProperty> promote(ProjectId project, Dimension.Property property, PropertyType type) {
            return Mono.error(new UnsupportedOperationException("this storage engine cannot promote properties"));
        }

        @Override
        public Mono<Boolean> demote(ProjectId project, Dimension.Property property) {
            return Mono.just(false);
        }

        @Override
        public Mono<Void> refresh(ProjectId project) {
            return Mono.empty();
        }
    };

    /** The project's promoted properties with their backfill state, in the order they were promoted. */
    Mono<List<PromotedProperty>> list(ProjectId project);

    /**
     * Adds the property's column and starts filling it in for older events in the background. Promoting a promoted
     * property again with the same type answers it as it stands; {@link IllegalArgumentException} when it is
     * promoted with the other type, being demoted, or the project has too many promotions.
     */
    Mono<PromotedProperty> promote(ProjectId project, Dimension.Property property, PropertyType type);

    /** Stops reading the column at once and drops it soon after; false when the property is not promoted. */
    Mono<Boolean> demote(ProjectId project, Dimension.Property property);

    /**
     * Brings the project's promotions to where they are heading now: backfills finished, demoted columns dropped.
     * The platform does this on its own in the background; tests and admins call it to not wait.
     */
    Mono<Void> refresh(ProjectId project);
}
