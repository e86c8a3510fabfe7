package io.eventlens.app.modularity.core;

import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Keeps every rule: plain Java, Reactor and JSpecify. */
public final class Wholesome {
    Mono<List<String>> names(@Nullable String prefix) {
        return Mono.just(List.of(String.valueOf(prefix)));
    }
}
