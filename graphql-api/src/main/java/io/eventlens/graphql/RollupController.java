package io.eventlens.graphql;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupStatus;
import io.eventlens.core.storage.EventStorage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Lists, defines and removes the project's rollups. */
@Controller
final class RollupController {

    private static final Pattern GRAIN = Pattern.compile("([1-9][0-9]{0,3})([mhd])");

    /** The GraphQL {@code RollupInput}. */
    record RollupInput(String name, String grain, List<String> dimensions) {}

    private final EventStorage storage;
    private final CurrentProject project;

    RollupController(EventStorage storage, CurrentProject project) {
        this.storage = storage;
        this.project = project;
    }

    @QueryMapping
    Mono<List<RollupStatus>> rollups() {
        return project.get().flatMap(id -> storage.rollups().list(id));
    }

    @QueryMapping
    Mono<io.eventlens.core.storage.StorageUsage> storageUsage() {
        return project.admin().flatMap(id -> storage.usage(id));
    }

    @MutationMapping
    Mono<RollupStatus> defineRollup(@Argument RollupInput input) {
        return Mono.fromCallable(() -> rollup(input))
                .flatMap(rollup ->
                        project.admin().flatMap(id -> storage.rollups().define(id, rollup)))
                .onErrorMap(
                        IllegalArgumentException.class,
                        e -> new QueryException(ErrorCode.INVALID_ARGUMENT, "name", String.valueOf(e.getMessage())))
                .onErrorMap(
                        UnsupportedOperationException.class,
                        e -> new QueryException(ErrorCode.INVALID_ARGUMENT, "name", String.valueOf(e.getMessage())));
    }

    @MutationMapping
    Mono<Boolean> removeRollup(@Argument String name) {
        return project.admin().flatMap(id -> storage.rollups().remove(id, name));
    }

    @SchemaMapping(typeName = "Rollup")
    String name(RollupStatus status) {
        return status.rollup().name();
    }

    @SchemaMapping(typeName = "Rollup")
    String grain(RollupStatus status) {
        return grainText(status.rollup().grain());
    }

    @SchemaMapping(typeName = "Rollup")
    List<String> dimensions(RollupStatus status) {
        return status.rollup().orderedColumns().stream()
                .map(EventColumn::publicName)
                .toList();
    }

    @SchemaMapping(typeName = "Rollup")
    boolean keepsSketches(RollupStatus status) {
        return status.rollup().keepsSketches();
    }

    @SchemaMapping(typeName = "Rollup")
    String status(RollupStatus status) {
        return status.state().name();
    }

    /** Validates the input field by field, so each mistake names its field. */
    private static Rollup rollup(RollupInput input) {
        Matcher grain = GRAIN.matcher(input.grain());
        if (!grain.matches()) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "grain",
                    "write the grain as a number and a unit, e.g. 15m, 1h or 1d; got '" + input.grain() + "'");
        }
        long amount = Long.parseLong(grain.group(1));
        Duration duration = switch (grain.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (Duration.ofDays(1).toSeconds() % duration.toSeconds() != 0) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "grain",
                    "a grain must divide a day (e.g. 15m, 30m, 1h, 6h, 1d); got '" + input.grain() + "'");
        }
        EnumSet<EventColumn> columns = EnumSet.noneOf(EventColumn.class);
        for (int i = 0; i < input.dimensions().size(); i++) {
            String name = input.dimensions().get(i);
            int index = i;
            columns.add(EventColumn.byPublicName(name)
                    .orElseThrow(() -> new QueryException(
                            ErrorCode.UNKNOWN_DIMENSION,
                            "dimensions[" + index + "]",
                            "rollups keep built-in event columns; '" + name + "' is none of "
                                    + java.util.Arrays.stream(EventColumn.values())
                                            .map(EventColumn::publicName)
                                            .toList())));
        }
        return new Rollup(input.name(), duration, columns);
    }

    static String grainText(Duration grain) {
        if (grain.toDays() > 0 && grain.equals(Duration.ofDays(grain.toDays()))) {
            return grain.toDays() + "d";
        }
        if (grain.equals(Duration.ofHours(grain.toHours()))) {
            return grain.toHours() + "h";
        }
        return grain.toMinutes() + "m";
    }
}
