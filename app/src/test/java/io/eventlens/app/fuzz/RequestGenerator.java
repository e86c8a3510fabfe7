package io.eventlens.app.fuzz;

import java.util.random.RandomGenerator;
import tools.jackson.databind.json.JsonMapper;

/** What every request generator draws on: one seeded random source, so that a seed repeats a whole run. */
abstract class RequestGenerator {

    final RandomGenerator random;
    final Mutations mutations;
    final JsonValues values;
    final FuzzHeaders headers;
    final FuzzKeys keys;
    final JsonMapper json;

    RequestGenerator(RandomGenerator random, FuzzKeys keys, JsonMapper json) {
        this.random = random;
        this.mutations = new Mutations(random);
        this.values = new JsonValues(random, mutations);
        this.headers = new FuzzHeaders(random, keys);
        this.keys = keys;
        this.json = json;
    }

    /** Shares {@code other}'s tools (and so its random source). */
    RequestGenerator(RequestGenerator other) {
        this.random = other.random;
        this.mutations = other.mutations;
        this.values = other.values;
        this.headers = other.headers;
        this.keys = other.keys;
        this.json = other.json;
    }

    abstract FuzzRequest next();
}
