package io.eventlens.postgres;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code eventlens.storage.retention.*}: how long raw events are kept (whole months are dropped once they ended
 * longer ago than this); unset keeps them forever. Rollups are kept regardless.
 *
 * @param rawEvents how long raw events are kept (e.g. {@code 400d}): a month is dropped once it ended longer ago and
 *     rollups hold it; unset keeps them
 */
@ConfigurationProperties("eventlens.storage.retention")
record RetentionProperties(@Nullable Duration rawEvents) {}
