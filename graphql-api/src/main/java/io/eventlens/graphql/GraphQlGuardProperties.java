package io.eventlens.graphql;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on one GraphQL operation under {@code eventlens.graphql.guards}, checked before it runs (depth, complexity)
 * or while it runs (timeout); each refusal is a GraphQL error with its own {@code extensions.code}.
 *
 * @param maxDepth deepest field nesting (GraphiQL's introspection query needs 13)
 * @param maxComplexity most fields one operation may select, counting each field once
 * @param timeout longest a query or mutation may run; subscriptions are not bounded by it
 */
@ConfigurationProperties("eventlens.graphql.guards")
public record GraphQlGuardProperties(
        @DefaultValue("15") int maxDepth,
        @DefaultValue("1000") int maxComplexity,
        @DefaultValue("30s") Duration timeout) {

    public GraphQlGuardProperties {
        if (maxDepth < 1 || maxComplexity < 1 || !timeout.isPositive()) {
            throw new IllegalArgumentException("eventlens.graphql.guards.* must be positive");
        }
    }
}
