package io.eventlens.ingestion;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the website tracker's endpoint {@code POST /v1/collect}, under {@code eventlens.collect}.
 *
 * @param countryHeader a header the proxy in front of EventLens sets to the visitor's ISO-3166 alpha-2 country (e.g.
 *     {@code CF-IPCountry}); unset, browser events carry no country. Trust only a header your proxy always sets.
 * @param clientIpHeader a header the proxy sets to the client address ({@code X-Forwarded-For}: its first address);
 *     unset, the connection's address. It only feeds the daily visitor hash and is never stored.
 * @param dropBots drop events whose User-Agent is a robot, crawler or scanner (answered as dropped, never stored)
 * @param visitorEventsPerMinute events one visitor may send per minute to one instance; more are dropped
 * @param maxEventsPerRequest events one request may carry
 * @param maxBodyBytes largest request body
 */
@ConfigurationProperties("eventlens.collect")
public record CollectProperties(
        @Nullable String countryHeader,
        @Nullable String clientIpHeader,
        @DefaultValue("true") boolean dropBots,
        @DefaultValue("120") int visitorEventsPerMinute,
        @DefaultValue("50") int maxEventsPerRequest,
        @DefaultValue("64KB") DataSize maxBodyBytes) {

    public CollectProperties {
        if (visitorEventsPerMinute < 1 || maxEventsPerRequest < 1) {
            throw new IllegalArgumentException(
                    "eventlens.collect.visitor-events-per-minute and " + "max-events-per-request must be positive");
        }
        if (maxBodyBytes.toBytes() <= 0 || maxBodyBytes.toBytes() > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("eventlens.collect.max-body-bytes must be between 1B and 16MB");
        }
    }
}
