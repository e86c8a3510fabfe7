package io.eventlens.core.ingest;

import java.time.LocalDate;
import reactor.core.publisher.Mono;

/**
 * The secret salt of each UTC day's cookieless visitor ids, the same on every instance, so a visitor is one visitor
 * whichever instance its browser reaches: the SPI an infrastructure module implements (the shared Redis). A salt must
 * be random, never stored durably, and gone soon after its day, so that ids of different days cannot be linked.
 */
public interface VisitorSalts {

    /** The day's salt, created by the first instance that asks for it. */
    Mono<byte[]> salt(LocalDate day);
}
