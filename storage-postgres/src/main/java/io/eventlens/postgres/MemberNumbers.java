package io.eventlens.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Numbers every user and session id of a project once, when its first event is written (densely per kind: users and
 * sessions from sequences of their own), so rollup rows can keep
 * their distinct members as compact bitmaps ({@link MemberSets}) and raw events carry the same numbers. A number never
 * changes once given, so this instance remembers the ones it has seen: a batch of returning visitors costs no
 * statement; new ones cost one for the whole batch.
 */
final class MemberNumbers {

    /** The {@code members.kind} of a user id and of a session id. */
    static final short USER = 0;

    static final short SESSION = 1;

    /** Numbers remembered at most (an entry takes ~100 bytes). */
    static final long REMEMBERED = 1_000_000;

    /**
     * Rounds of assigning before giving up. A member another writer numbers at the same moment comes back from the
     * conflict (DO UPDATE returns the row it waited for), so a second round is for the unforeseen only.
     */
    private static final int ROUNDS = 5;

    private static final SqlStatement ASYNC_COMMIT = new SqlStatement("SET LOCAL synchronous_commit = off", List.of());

    /**
     * Looks every wanted member up by its key, one index probe each (a scalar subquery: the planner cannot turn it
     * into a hash join over the project's members, as it did with a join when the table's statistics lagged behind
     * its growth: 63,000 members read per batch, 40-120 ms), then numbers the ones not found.
     */
    private static final String ASSIGN = """
            WITH looked AS (
                SELECT w.kind, w.value, (SELECT m.no FROM members m WHERE m.project_id = $1::text
                                         AND m.kind = w.kind AND m.value = w.value) AS no
                FROM unnest($2::smallint[], $3::text[]) AS w(kind, value)
            ), fresh AS (
                INSERT INTO members (project_id, kind, value, no)
                SELECT $1::text, l.kind, l.value,
                       nextval(CASE l.kind WHEN 0 THEN 'user_numbers' ELSE 'session_numbers' END::regclass)
                FROM looked l
                WHERE l.no IS NULL
                ORDER BY l.kind, l.value
                ON CONFLICT (project_id, kind, value) DO UPDATE SET no = members.no
                RETURNING kind, value, no
            )
            SELECT kind, value, no FROM fresh
            UNION ALL
            SELECT kind, value, no FROM looked WHERE no IS NOT NULL""";

    /** A member as remembered: its project, kind and id. */
    private record Member(ProjectId project, short kind, String value) {}

    /** A member and the number it has. */
    private record Assigned(Member member, int number) {}

    /** The numbers of one batch's users and sessions. */
    record Numbered(Map<String, Integer> users, Map<String, Integer> sessions) {

        static final Numbered NONE = new Numbered(Map.of(), Map.of());

        @Nullable
        Integer user(@Nullable String id) {
            return id == null ? null : users.get(id);
        }

        @Nullable
        Integer session(@Nullable String id) {
            return id == null ? null : sessions.get(id);
        }
    }

    private final PostgresDatabase database;
    private final Cache<Member, Integer> known =
            Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    MemberNumbers(PostgresDatabase database) {
        this.database = database;
    }

    /** The numbers of the events' users and sessions, new ones assigned (and committed) first. */
    Mono<Numbered> of(ProjectId project, List<Event> events) {
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> sessions = new HashMap<>();
        Set<Member> missing = new LinkedHashSet<>();
        for (Event event : events) {
            look(project, USER, event.userId(), users, missing);
            look(project, SESSION, event.sessionId(), sessions, missing);
        }
        Numbered numbered = new Numbered(users, sessions);
        return missing.isEmpty() ? Mono.just(numbered) : assign(project, missing, numbered, 1);
    }

    private void look(
            ProjectId project, short kind, @Nullable String id, Map<String, Integer> numbers, Set<Member> missing) {
        if (id == null || numbers.containsKey(id)) {
            return;
        }
        Member member = new Member(project, kind, id);
        Integer number = known.getIfPresent(member);
        if (number != null) {
            numbers.put(id, number);
        } else {
            missing.add(member);
        }
    }

    private Mono<Numbered> assign(ProjectId project, Set<Member> missing, Numbered numbered, int round) {
        List<Short> kinds = new ArrayList<>(missing.size());
        List<String> values = new ArrayList<>(missing.size());
        missing.forEach(member -> {
            kinds.add(member.kind());
            values.add(member.value());
        });
        SqlStatement statement = new SqlStatement(
                ASSIGN, List.of(project.value(), kinds.toArray(Short[]::new), values.toArray(String[]::new)));
        // Committed without waiting for its WAL flush: a number is only ever used by a later write that commits
        // durably, and that flush covers this commit too (WAL is flushed in order). Lost in a crash, a number no
        // event used is harmless. It saves an fsync per batch that meets new users or sessions.
        return database.inTransaction(connection -> PostgresDatabase.update(connection, ASYNC_COMMIT)
                        .thenMany(PostgresDatabase.query(
                                connection,
                                statement,
                                row -> new Assigned(
                                        new Member(
                                                project,
                                                Objects.requireNonNull(row.get(0, Short.class)),
                                                Objects.requireNonNull(row.get(1, String.class))),
                                        Objects.requireNonNull(row.get(2, Integer.class)))))
                        .collectList())
                .flatMapIterable(assigned -> assigned)
                .doOnNext(assigned -> {
                    known.put(assigned.member(), assigned.number());
                    (assigned.member().kind() == USER ? numbered.users() : numbered.sessions())
                            .put(assigned.member().value(), assigned.number());
                    missing.remove(assigned.member());
                })
                .then(Mono.defer(() -> {
                    if (missing.isEmpty()) {
                        return Mono.just(numbered);
                    }
                    // Numbered meanwhile by a writer whose commit this statement's snapshot did not see: read again.
                    return round < ROUNDS
                            ? assign(project, missing, numbered, round + 1)
                            : Mono.error(new IllegalStateException("could not number " + missing.size()
                                    + " user and session ids in " + ROUNDS + " rounds"));
                }));
    }
}
