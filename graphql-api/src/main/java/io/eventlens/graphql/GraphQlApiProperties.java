package io.eventlens.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the GraphQL API under {@code eventlens.graphql}.
 *
 * @param maxIngestEvents events one {@code ingest} mutation may carry; lower than the HTTP batch limit because a
 *     GraphQL request is parsed and validated whole, in memory, before anything is stored
 * @param maxRequestSize largest body {@code POST /graphql} accepts; room for a full ingest mutation
 */
@ConfigurationProperties("eventlens.graphql")
public record GraphQlApiProperties(
        @DefaultValue("1000") int maxIngestEvents,
        @DefaultValue("4MB") DataSize maxRequestSize) {

    public GraphQlApiProperties {
        if (maxRequestSize.toBytes() <= 0 || maxRequestSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("eventlens.graphql.max-request-size must be between 1B and 2GB");
        }
    }
}
