package io.eventlens.clickhouse;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.contract.ContractDataset;
import io.eventlens.core.storage.contract.ContractFixture;
import io.eventlens.core.storage.contract.ReportOracle;
import io.eventlens.core.storage.contract.ReportRequestBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports on one instance while another defines and removes a rollup of the same project. A project without
 * rollups of its own is planned without a definitions lookup for a moment; still, the defined rollup is planned once
 * ready (at once where it was defined, within {@link ProjectsWithoutDefinedRollups#FRESH} here), never once removed
 * elsewhere, and every answer equals the oracle's over the events written.
 */
class DefinedRollupsAcrossInstancesTests {

    private static final Duration WAIT = Duration.ofMinutes(1);

    private final EventStorage here = ClickHouseTestStorage.shared();
    private final EventStorage other = new ClickHouseEventStorage(
            ClickHouseTestStorage.database(), JsonMapper.builder().build());
    private final ReportRequestBuilder byOs =
            report("events", "revenue").by("os").between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO);
    private final Rollup osDaily = new Rollup("os_daily", Duration.ofDays(1), EnumSet.of(EventColumn.OS));

    @Test
    void aRollupDefinedElsewhereIsPlannedOnceReadyAndNeverOnceRemoved() throws InterruptedException {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = new ArrayList<>(ContractDataset.standard().events());
        write(project, events);
        ContractFixture seenHere = fixture(here, project, events);
        seenHere.assertReport(byOs);
        assertThat(source(seenHere)).doesNotContain(osDaily.name());

        other.rollups().define(project, osDaily).block(WAIT);
        other.rollups().refresh(project).block(WAIT);
        assertThat(source(fixture(other, project, events))).contains("rollup:" + osDaily.name());
        long deadline = System.nanoTime()
                + ProjectsWithoutDefinedRollups.FRESH.plusSeconds(3).toNanos();
        while (!source(seenHere).contains(osDaily.name()) && System.nanoTime() < deadline) {
            seenHere.assertReport(byOs); // exact from the built-in rollups meanwhile
            Thread.sleep(100);
        }
        assertThat(source(seenHere)).contains("rollup:" + osDaily.name());
        seenHere.assertReport(byOs);

        other.rollups().remove(project, osDaily.name()).block(WAIT);
        // No longer fed: events written from now on are missing from its rows.
        Set<UUID> written = events.stream().map(Event::id).collect(Collectors.toSet());
        List<Event> later = ContractDataset.generate(7L, 40).events().stream()
                .filter(event -> !written.contains(event.id()))
                .toList();
        write(project, later);
        events.addAll(later);
        ContractFixture afterRemoval = fixture(here, project, events);
        assertThat(source(afterRemoval)).doesNotContain(osDaily.name());
        afterRemoval.assertReport(byOs);
    }

    private void write(ProjectId project, List<Event> events) {
        for (int from = 0; from < events.size(); from += 1_000) {
            Objects.requireNonNull(here.write(project, events.subList(from, Math.min(events.size(), from + 1_000)))
                    .block(WAIT));
        }
    }

    private static ContractFixture fixture(EventStorage storage, ProjectId project, List<Event> events) {
        return new ContractFixture(storage, project, ContractDataset.standard(), new ReportOracle(List.copyOf(events)));
    }

    private String source(ContractFixture fixture) {
        return Objects.requireNonNull(
                        fixture.storage().report(fixture.query(byOs)).block(WAIT))
                .meta()
                .source();
    }
}
