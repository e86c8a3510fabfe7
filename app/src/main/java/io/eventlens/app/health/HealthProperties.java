package io.eventlens.app.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Readiness checks ({@code /actuator/health/readiness}).
 *
 * @param timeout how long storage and Redis may take to answer a check before they count as DOWN
 */
@ConfigurationProperties("eventlens.health")
record HealthProperties(@DefaultValue("2s") Duration timeout) {}
