package io.eventlens.postgres.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.ApiKey;
import io.eventlens.core.access.KeySecrets;
import io.eventlens.core.access.Project;
import io.eventlens.core.access.ProjectLimits;
import io.eventlens.core.access.Scope;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.PostgresTestServer;
import io.eventlens.postgres.SqlParameters;
import io.eventlens.postgres.SqlStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Projects and API keys in a real PostgreSQL: only hashes are kept, revocation sticks, projects stay apart. */
class PostgresAccessStoreTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresProjectDirectory projects = new PostgresProjectDirectory(new PostgresDatabase(server.pool()));
    private final PostgresApiKeys keys = new PostgresApiKeys(new PostgresDatabase(server.pool()));
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void theDemoProjectExistsFromTheMigration() {
        projects.find(ProjectId.DEFAULT)
                .as(StepVerifier::create)
                .assertNext(project -> assertThat(project.limits()).isEqualTo(ProjectLimits.DEFAULTS))
                .verifyComplete();
    }

    @Test
    void createsAProjectOnceAndKeepsItsLimits() {
        ProjectId id = PostgresTestServer.newProject();
        Project project = new Project(id, "Shop'; DROP TABLE projects; --", new ProjectLimits(50, null, 3), now);
        projects.create(project).as(StepVerifier::create).expectNext(true).verifyComplete();
        projects.create(new Project(id, "again", ProjectLimits.DEFAULTS, now))
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
        projects.find(id).as(StepVerifier::create).expectNext(project).verifyComplete();

        projects.limit(id, new ProjectLimits(null, 7, null))
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        projects.find(id)
                .map(Project::limits)
                .as(StepVerifier::create)
                .expectNext(new ProjectLimits(null, 7, null))
                .verifyComplete();
        projects.limit(PostgresTestServer.newProject(), ProjectLimits.DEFAULTS)
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
    }

    @Test
    void findsKeysByTheHashOfTheirSecretAndListsThemPerProject() {
        ProjectId mine = created();
        ProjectId other = created();
        String secret = KeySecrets.generate(Scope.READ);
        ApiKey key = new ApiKey(
                "key_" + KeySecrets.random(9),
                mine,
                Scope.READ,
                "dashboard",
                KeySecrets.visiblePrefix(secret),
                now,
                null);
        keys.add(key, KeySecrets.hash(secret)).as(StepVerifier::create).verifyComplete();
        ApiKey foreign = new ApiKey("key_" + KeySecrets.random(9), other, Scope.ADMIN, "", "el_admin_xx", now, null);
        keys.add(foreign, KeySecrets.hash(KeySecrets.generate(Scope.ADMIN)))
                .as(StepVerifier::create)
                .verifyComplete();

        keys.findByHash(KeySecrets.hash(secret))
                .as(StepVerifier::create)
                .expectNext(key)
                .verifyComplete();
        keys.findByHash(KeySecrets.hash(secret + "x")).as(StepVerifier::create).verifyComplete();
        keys.list(mine).as(StepVerifier::create).expectNext(key).verifyComplete();
        keys.list(other).as(StepVerifier::create).expectNext(foreign).verifyComplete();
    }

    @Test
    void aBrowserKeyKeepsItsOrigins() {
        ProjectId mine = created();
        String secret = KeySecrets.generate(Scope.INGEST);
        ApiKey key = new ApiKey(
                "key_" + KeySecrets.random(9),
                mine,
                Scope.INGEST,
                "website",
                KeySecrets.visiblePrefix(secret),
                now,
                null,
                java.util.List.of("https://shop.example", "http://localhost:3000"));
        keys.add(key, KeySecrets.hash(secret)).as(StepVerifier::create).verifyComplete();

        keys.findByHash(KeySecrets.hash(secret))
                .map(ApiKey::allowedOrigins)
                .as(StepVerifier::create)
                .expectNext(java.util.List.of("https://shop.example", "http://localhost:3000"))
                .verifyComplete();
        keys.revoke(key.id(), now)
                .map(ApiKey::allowedOrigins)
                .as(StepVerifier::create)
                .expectNext(key.allowedOrigins())
                .verifyComplete();
    }

    @Test
    void storesNoSecret() {
        ProjectId mine = created();
        String secret = KeySecrets.generate(Scope.INGEST);
        keys.add(
                        new ApiKey(
                                "key_" + KeySecrets.random(9),
                                mine,
                                Scope.INGEST,
                                "",
                                KeySecrets.visiblePrefix(secret),
                                now,
                                null),
                        KeySecrets.hash(secret))
                .block();
        SqlParameters p = new SqlParameters();
        SqlStatement everything = p.statement("SELECT concat_ws('|', id, project_id, scope, name, prefix, "
                + "secret_hash) FROM api_keys WHERE project_id = " + p.text(mine.value()));
        new PostgresDatabase(server.pool())
                .query(everything, row -> row.get(0, String.class))
                .as(StepVerifier::create)
                .assertNext(row -> assertThat(row)
                        .doesNotContain(secret.substring(
                                KeySecrets.visiblePrefix(secret).length())))
                .verifyComplete();
    }

    @Test
    void revocationKeepsTheFirstTime() {
        ProjectId mine = created();
        ApiKey key = new ApiKey("key_" + KeySecrets.random(9), mine, Scope.READ, "", "el_read_abcd", now, null);
        keys.add(key, KeySecrets.hash(KeySecrets.generate(Scope.READ))).block();
        keys.revoke(key.id(), now.plusSeconds(5))
                .as(StepVerifier::create)
                .expectNext(key.revokedAt(now.plusSeconds(5)))
                .verifyComplete();
        keys.revoke(key.id(), now.plusSeconds(60))
                .map(ApiKey::revokedAt)
                .as(StepVerifier::create)
                .expectNext(now.plusSeconds(5))
                .verifyComplete();
        keys.revoke("key_missing", now).as(StepVerifier::create).verifyComplete();
    }

    private ProjectId created() {
        ProjectId id = PostgresTestServer.newProject();
        projects.create(new Project(id, "test", ProjectLimits.DEFAULTS, now)).block();
        return id;
    }
}
