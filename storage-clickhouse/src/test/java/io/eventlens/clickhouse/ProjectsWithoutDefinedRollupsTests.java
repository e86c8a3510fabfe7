package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a project seen without rollups of its own is remembered for, on a clock the test moves. */
class ProjectsWithoutDefinedRollupsTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ProjectsWithoutDefinedRollups projects = new ProjectsWithoutDefinedRollups(now::get);
    private final ProjectId project = new ProjectId("p1");

    @Test
    void aProjectSeenWithoutRollupsIsKnownUntilTheFreshnessRunsOut() {
        assertThat(projects.known(project)).isFalse();
        projects.seenWithout(project, projects.lookup());
        now.addAndGet(ProjectsWithoutDefinedRollups.FRESH.toNanos() - 1);
        assertThat(projects.known(project)).isTrue();
        assertThat(projects.known(new ProjectId("p2"))).isFalse();
        now.addAndGet(1);
        assertThat(projects.known(project)).isFalse();
    }

    @Test
    void freshnessCountsFromWhenTheLookupBegan() {
        ProjectsWithoutDefinedRollups.Lookup lookup = projects.lookup();
        now.addAndGet(ProjectsWithoutDefinedRollups.FRESH.toNanos());
        projects.seenWithout(project, lookup);
        assertThat(projects.known(project)).isFalse();
    }

    @Test
    void aChangeHereForgetsTheProjectAndVoidsLookupsThatBeganBeforeIt() {
        projects.seenWithout(project, projects.lookup());
        ProjectsWithoutDefinedRollups.Lookup begunBefore = projects.lookup();
        projects.forget(project);
        assertThat(projects.known(project)).isFalse();

        projects.seenWithout(project, begunBefore);
        assertThat(projects.known(project)).as("a lookup older than the change").isFalse();
        projects.seenWithout(project, projects.lookup());
        assertThat(projects.known(project)).isTrue();
    }
}
