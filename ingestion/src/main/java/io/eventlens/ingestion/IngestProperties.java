package io.eventlens.ingestion;

import io.eventlens.core.ingest.IngestLimits;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Ingestion settings under {@code eventlens.ingest}; the defaults are those of {@link IngestLimits#defaults()}.
 *
 * @param maxBodyBytes largest request body, enforced while it is read
 * @param maxEventsPerBatch events in one request
 * @param maxPropertiesPerEvent keys in an event's {@code properties}, nested ones included
 * @param maxPropertyDepth nesting inside {@code properties}
 * @param maxStringLength longest text value (code points)
 * @param maxUrlLength longest URL (code points)
 * @param maxTypeLength longest event type (code points)
 * @param maxFutureSkew events stamped further ahead of the clock are refused
 * @param maxAge events older than this are refused
 */
@ConfigurationProperties("eventlens.ingest")
public record IngestProperties(
        @DefaultValue("16MB") DataSize maxBodyBytes,
        @DefaultValue("10000") int maxEventsPerBatch,
        @DefaultValue("100") int maxPropertiesPerEvent,
        @DefaultValue("5") int maxPropertyDepth,
        @DefaultValue("1024") int maxStringLength,
        @DefaultValue("4096") int maxUrlLength,
        @DefaultValue("128") int maxTypeLength,
        @DefaultValue("1h") Duration maxFutureSkew,

        @DefaultValue("3650d") @DurationUnit(ChronoUnit.DAYS)
        Duration maxAge) {

    public IngestProperties {
        if (maxBodyBytes.toBytes() <= 0 || maxBodyBytes.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("eventlens.ingest.max-body-bytes must be between 1B and 2GB");
        }
    }

    /** The event and batch limits these settings describe. */
    public IngestLimits limits() {
        return new IngestLimits(
                maxEventsPerBatch,
                maxPropertiesPerEvent,
                maxPropertyDepth,
                maxStringLength,
                maxUrlLength,
                maxTypeLength,
                maxFutureSkew,
                maxAge);
    }
}
