package io.eventlens.graphql;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.promotion.PromotedProperty;
import io.eventlens.core.promotion.PropertyType;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.storage.EventStorage;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Lists, promotes and demotes the project's promoted properties (admin key). */
@Controller
final class PromotionController {

    private final EventStorage storage;
    private final CurrentProject project;

    PromotionController(EventStorage storage, CurrentProject project) {
        this.storage = storage;
        this.project = project;
    }

    @QueryMapping
    Mono<List<PromotedProperty>> promotedProperties() {
        return project.admin().flatMap(id -> storage.promotions().list(id));
    }

    @MutationMapping
    Mono<PromotedProperty> promoteProperty(@Argument String name, @Argument PropertyType type) {
        return Mono.fromCallable(() -> property(name))
                .flatMap(property ->
                        project.admin().flatMap(id -> storage.promotions().promote(id, property, type)))
                .onErrorMap(
                        IllegalArgumentException.class,
                        e -> new QueryException(ErrorCode.INVALID_ARGUMENT, field(e), String.valueOf(e.getMessage())))
                .onErrorMap(
                        UnsupportedOperationException.class,
                        e -> new QueryException(ErrorCode.INVALID_ARGUMENT, "name", String.valueOf(e.getMessage())));
    }

    @MutationMapping
    Mono<Boolean> demoteProperty(@Argument String name) {
        return Mono.fromCallable(() -> property(name))
                .flatMap(property ->
                        project.admin().flatMap(id -> storage.promotions().demote(id, property)));
    }

    @SchemaMapping(typeName = "PromotedProperty")
    String name(PromotedProperty promoted) {
        return promoted.name();
    }

    @SchemaMapping(typeName = "PromotedProperty")
    String status(PromotedProperty promoted) {
        return promoted.state().name();
    }

    /** Only {@code properties.<key>} names resolve: built-in columns and custom dimensions have nothing to promote. */
    private static Dimension.Property property(String name) {
        return Catalog.builtIn()
                .dimension(name)
                .filter(Dimension.Property.class::isInstance)
                .map(Dimension.Property.class::cast)
                .orElseThrow(() -> new QueryException(
                        ErrorCode.UNKNOWN_DIMENSION,
                        "name",
                        "only JSON properties can be promoted, named like properties.plan; got '" + name + "'"));
    }

    /** The engine refuses the type when the property is promoted as the other one; anything else is about the name. */
    private static String field(IllegalArgumentException e) {
        return String.valueOf(e.getMessage()).contains("promoted as") ? "type" : "name";
    }
}
