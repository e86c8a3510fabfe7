package io.eventlens.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.eventlens.app.modularity.app.Assembly;
import io.eventlens.app.modularity.app.ReachesIntoEngineInternals;
import io.eventlens.app.modularity.core.DriverLeak;
import io.eventlens.app.modularity.core.JacksonLeak;
import io.eventlens.app.modularity.core.SpringLeak;
import io.eventlens.app.modularity.core.SqlLeak;
import io.eventlens.app.modularity.core.UsesStorage;
import io.eventlens.app.modularity.core.Wholesome;
import io.eventlens.app.modularity.core.a.CycleStart;
import io.eventlens.app.modularity.core.b.CycleEnd;
import io.eventlens.app.modularity.ingestion.Neighbourly;
import io.eventlens.app.modularity.ingestion.ReachesIntoApp;
import io.eventlens.app.modularity.ingestion.ReachesIntoSharedSql;
import io.eventlens.app.modularity.ingestion.ReachesIntoStorage;
import io.eventlens.app.modularity.postgres.SqlStatement;
import io.eventlens.app.modularity.postgres.Storage;
import io.eventlens.app.modularity.postgres.UsesMeta;
import io.eventlens.app.modularity.postgres.UsesSharedSql;
import io.eventlens.app.modularity.postgres.meta.MetaStore;
import io.eventlens.app.modularity.sql.DriverInSql;
import io.eventlens.app.modularity.sql.SharedSql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the real classes; each rule is also run on small fixture classes that break it
 * (under {@code io.eventlens.app.modularity}, laid out like the real packages), so a rule that can never fail is
 * noticed.
 */
class ModularityTests {

    private static final Architecture EVENTLENS = new Architecture("io.eventlens");
    private static final Architecture FIXTURE = new Architecture("io.eventlens.app.modularity");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // The modules arrive as jars (core-domain, ingestion, ...), so jars stay in; test classes (fixtures) do not.
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.eventlens");
    }

    @Test
    void allModulesAreOnTheClasspath() {
        for (String module :
                List.of("core", "sql", "ingestion", "postgres", "clickhouse", "graphql", "realtime", "app")) {
            assertThat(production.containPackage("io.eventlens." + module))
                    .as(module)
                    .isTrue();
        }
    }

    @Test
    void coreKnowsOnlyTheJdkReactorAndJSpecify() {
        EVENTLENS.coreIsPlainJava().check(production);
    }

    @Test
    void sharedSqlKnowsOnlyCoreAndTheJdk() {
        EVENTLENS.sqlIsPlainJava().check(production);
    }

    @Test
    void modulesDependOnlyOnCore() {
        EVENTLENS.modulesDependOnlyOnCore().check(production);
    }

    @Test
    void engineInternalsStayInTheirEngine() {
        EVENTLENS.engineInternalsStayInside().check(production);
    }

    @Test
    void onlyTheAppAssemblesModules() {
        EVENTLENS.onlyTheAppAssemblesModules().check(production);
    }

    @Test
    void everyClassBelongsToAModule() {
        EVENTLENS.everyClassBelongsToAModule().check(production);
    }

    @Test
    void packagesAreFreeOfCycles() {
        EVENTLENS.noCycles().check(production);
    }

    @Test
    void coreRuleCatchesSpringSqlJacksonAndDrivers() {
        ArchRule rule = FIXTURE.coreIsPlainJava();

        assertThat(violated(rule, SpringLeak.class)).isTrue();
        assertThat(violated(rule, SqlLeak.class)).isTrue();
        assertThat(violated(rule, JacksonLeak.class)).isTrue();
        assertThat(violated(rule, DriverLeak.class)).isTrue();
        assertThat(violated(rule, Wholesome.class)).isFalse();
    }

    @Test
    void moduleRuleCatchesAModuleUsingAnother() {
        ArchRule rule = FIXTURE.modulesDependOnlyOnCore();

        assertThat(violated(rule, ReachesIntoStorage.class, Storage.class)).isTrue();
        assertThat(violated(rule, Neighbourly.class, Wholesome.class)).isFalse();
        assertThat(violated(rule, ReachesIntoSharedSql.class, SharedSql.class)).isTrue();
        assertThat(violated(rule, UsesSharedSql.class, SharedSql.class)).isFalse();
    }

    @Test
    void sharedSqlRuleCatchesADriver() {
        ArchRule rule = FIXTURE.sqlIsPlainJava();

        assertThat(violated(rule, DriverInSql.class)).isTrue();
        assertThat(violated(rule, SharedSql.class, Wholesome.class)).isFalse();
    }

    @Test
    void engineInternalsRuleCatchesTheAppReachingIntoAnEngine() {
        ArchRule rule = FIXTURE.engineInternalsStayInside();

        assertThat(violated(rule, ReachesIntoEngineInternals.class, MetaStore.class))
                .isTrue();
        assertThat(violated(rule, ReachesIntoEngineInternals.class, SqlStatement.class))
                .isTrue();
        assertThat(violated(rule, UsesMeta.class, MetaStore.class, Assembly.class, Storage.class))
                .isFalse();
    }

    @Test
    void appRuleCatchesAModuleUsingTheApp() {
        ArchRule rule = FIXTURE.onlyTheAppAssemblesModules();

        assertThat(violated(rule, ReachesIntoApp.class, Assembly.class)).isTrue();
        assertThat(violated(rule, UsesStorage.class, Storage.class)).isTrue();
        assertThat(violated(rule, Assembly.class, Storage.class, Neighbourly.class))
                .isFalse();
    }

    @Test
    void cycleRuleCatchesACycle() {
        assertThat(violated(FIXTURE.noCycles(), CycleStart.class, CycleEnd.class))
                .isTrue();
        assertThat(violated(FIXTURE.noCycles(), Neighbourly.class, Wholesome.class))
                .isFalse();
    }

    @Test
    void membershipRuleCatchesAStrayPackage() {
        // Seen from the real root, the fixture's own classes sit in io.eventlens.app: fine. Seen from a root that
        // has no module named "modularity", they are strays.
        assertThat(violated(new Architecture("io.eventlens.app").everyClassBelongsToAModule(), Wholesome.class))
                .isTrue();
        assertThat(violated(EVENTLENS.everyClassBelongsToAModule(), Wholesome.class))
                .isFalse();
    }

    private static boolean violated(ArchRule rule, Class<?>... classes) {
        return rule.evaluate(new ClassFileImporter().importClasses(classes)).hasViolation();
    }

    /** The rules, for a root package under which the modules live ({@code core, ingestion, postgres, graphql, app}). */
    private record Architecture(String root) {

        private static final List<String> MODULES =
                List.of("sql", "ingestion", "postgres", "clickhouse", "graphql", "realtime");

        /** The only uses of one module by another: the storage engines build their SQL with the shared SQL module. */
        private static final Map<String, List<String>> ALLOWED =
                Map.of("postgres", List.of("sql"), "clickhouse", List.of("sql"));

        String core() {
            return root + ".core..";
        }

        String app() {
            return root + ".app..";
        }

        String[] modules() {
            return MODULES.stream().map(module -> root + "." + module + "..").toArray(String[]::new);
        }

        ArchRule coreIsPlainJava() {
            return noClasses()
                    .that()
                    .resideInAPackage(core())
                    .should()
                    .dependOnClassesThat(resideOutsideOfPackages(
                                    core(),
                                    "java..",
                                    "javax..",
                                    "jdk..",
                                    "reactor..",
                                    "org.reactivestreams..",
                                    "org.jspecify..")
                            .or(resideInAnyPackage("java.sql..", "javax.sql..")))
                    .as("core depends only on the JDK (without JDBC), Reactor and JSpecify");
        }

        ArchRule sqlIsPlainJava() {
            return noClasses()
                    .that()
                    .resideInAPackage(root + ".sql..")
                    .should()
                    .dependOnClassesThat(
                            resideOutsideOfPackages(core(), root + ".sql..", "java..", "jdk..", "org.jspecify..")
                                    .or(resideInAnyPackage("java.sql..")))
                    .allowEmptyShould(true)
                    .as("the shared SQL module depends only on core, the JDK (without JDBC) and JSpecify");
        }

        ArchRule modulesDependOnlyOnCore() {
            // Each module may use core and libraries, never a sibling module.
            CompositeArchRule rule = null;
            for (String module : MODULES) {
                String own = root + "." + module + "..";
                String[] siblings = MODULES.stream()
                        .filter(other -> !other.equals(module))
                        .filter(other ->
                                !ALLOWED.getOrDefault(module, List.of()).contains(other))
                        .map(other -> root + "." + other + "..")
                        .toArray(String[]::new);
                ArchRule moduleRule = noClasses()
                        .that()
                        .resideInAPackage(own)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(siblings)
                        // A fixture set need not contain every module.
                        .allowEmptyShould(true);
                rule = rule == null ? CompositeArchRule.of(moduleRule) : rule.and(moduleRule);
            }
            return rule.as(
                    "modules depend only on core (the storage engines also on the shared SQL), never on each other");
        }

        /**
         * An engine's subpackages (PostgreSQL's {@code meta}) and the SQL plumbing they share with the engine's root
         * package are public only for the engine itself: nothing outside it, not even the app, may use them.
         */
        ArchRule engineInternalsStayInside() {
            CompositeArchRule rule = null;
            for (String engine : List.of("postgres", "clickhouse")) {
                String own = root + "." + engine;
                ArchRule engineRule = noClasses()
                        .that()
                        .resideOutsideOfPackage(own + "..")
                        .should()
                        .dependOnClassesThat(resideInAPackage(own + ".*..")
                                .or(nameMatching(own.replace(".", "\\.")
                                        + "\\.(PostgresDatabase|SqlParameters|SqlStatement|MigratedSchema)")))
                        .allowEmptyShould(true);
                rule = rule == null ? CompositeArchRule.of(engineRule) : rule.and(engineRule);
            }
            return rule.as("an engine's subpackages and SQL plumbing are used only inside the engine");
        }

        ArchRule onlyTheAppAssemblesModules() {
            return CompositeArchRule.of(noClasses()
                            .that()
                            .resideOutsideOfPackage(app())
                            .should()
                            .dependOnClassesThat()
                            .resideInAPackage(app())
                            .allowEmptyShould(true))
                    .and(noClasses()
                            .that()
                            .resideInAPackage(core())
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(modules())
                            .allowEmptyShould(true))
                    .as("nothing depends on the app, core on no module: only the app assembles modules");
        }

        ArchRule everyClassBelongsToAModule() {
            return classes()
                    .that()
                    .resideInAPackage(root + "..")
                    .should()
                    .resideInAnyPackage(
                            root + ".core..",
                            root + ".sql..",
                            root + ".ingestion..",
                            root + ".postgres..",
                            root + ".clickhouse..",
                            root + ".graphql..",
                            root + ".realtime..",
                            root + ".app..")
                    .as("every class under " + root + " belongs to a known module");
        }

        ArchRule noCycles() {
            return slices().matching(root + ".(**)").should().beFreeOfCycles();
        }
    }
}
