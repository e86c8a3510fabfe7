package io.eventlens.postgres;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code eventlens.storage.retention.*}: how long raw events are kept (whole months are dropped once they ended
 * longer ago than this); unset keeps them forever. Rollups are kept regardless.
 */
@ConfigurationProperties("eventlens.storage.retention")
record RetentionProperties(@Nullable Duration rawEvents) {
}
