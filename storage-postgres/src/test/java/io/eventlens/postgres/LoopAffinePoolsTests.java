package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * A statement taken on one of the loops runs on a connection of that loop, so its rows arrive on the thread that asked
 * for them; from any other thread the pools still answer.
 */
class LoopAffinePoolsTests {

    private LoopResources loops = LoopResources.create("affinity-test", 2, true);
    private final LoopAffinePools pools =
            PostgresConnections.rollupReads(PostgresTestServer.shared().settings(), () -> loops);

    @AfterEach
    void close() {
        pools.close();
        loops.disposeLater().block(Duration.ofSeconds(10));
    }

    /** Spring disposes the global HTTP loops when a context stops; the next context's requests run on new ones. */
    @Test
    void loopsDisposedUnderThePoolsAreReplacedByTheCurrentOnes() {
        assertThat(select(1).block(Duration.ofSeconds(10)).value()).isEqualTo(1);
        LoopResources ended = loops;
        loops = LoopResources.create("affinity-test-next", 2, true);
        ended.disposeLater().block(Duration.ofSeconds(10));
        EventExecutor loop = loops.onServer(true).next();
        Thread loopThread = Mono.fromCallable(Thread::currentThread)
                .subscribeOn(Schedulers.fromExecutor(loop))
                .block(Duration.ofSeconds(10));
        Answer answer = select(2).subscribeOn(Schedulers.fromExecutor(loop)).block(Duration.ofSeconds(10));
        assertThat(answer.value()).isEqualTo(2);
        assertThat(answer.thread()).isSameAs(loopThread);
    }

    /** The meters read the pools between reports: after the loops ended they must see the replacing pools. */
    @Test
    void theMetersSeeThePoolsOfTheCurrentLoopsBeforeAnyReportReplacesThem() {
        List<io.r2dbc.pool.ConnectionPool> before = pools.pools();
        LoopResources ended = loops;
        loops = LoopResources.create("affinity-test-metered", 2, true);
        ended.disposeLater().block(Duration.ofSeconds(10));

        List<io.r2dbc.pool.ConnectionPool> after = pools.pools();
        assertThat(after).hasSize(before.size()).doesNotContainAnyElementsOf(before);
        assertThat(after).noneMatch(io.r2dbc.pool.ConnectionPool::isDisposed);
        assertThat(pools.pools()).isEqualTo(after); // replaced once, then kept
    }

    @Test
    void aStatementAskedOnALoopIsAnsweredOnThatLoop() {
        List<EventExecutor> each = new ArrayList<>();
        loops.onServer(true).forEach(each::add);
        assertThat(each).hasSize(2);
        // Several in a row from each loop: taking the pools in turn would answer every other one elsewhere.
        for (EventExecutor loop : each) {
            for (int round = 0; round < 5; round++) {
                Thread loopThread = Mono.fromCallable(Thread::currentThread)
                        .subscribeOn(Schedulers.fromExecutor(loop))
                        .block(Duration.ofSeconds(10));
                int value = round * 10 + each.indexOf(loop);
                Answer answer =
                        select(value).subscribeOn(Schedulers.fromExecutor(loop)).block(Duration.ofSeconds(10));
                assertThat(answer.value()).isEqualTo(value);
                assertThat(answer.thread()).as("the thread the row arrived on").isSameAs(loopThread);
            }
        }
        assertThat(pools.takenOnTheirLoop()).isEqualTo(10);
        assertThat(pools.takenFromOtherThreads()).isZero();
    }

    @Test
    void callersOnOtherThreadsAreAnsweredToo() {
        List<Integer> answers = Flux.range(0, 8)
                .flatMap(i -> select(i).map(Answer::value))
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(answers).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(pools.takenFromOtherThreads()).isEqualTo(8);
    }

    private record Answer(int value, Thread thread) {}

    private Mono<Answer> select(int value) {
        return Flux.usingWhen(
                        pools.create(),
                        (Connection connection) -> Flux.from(connection
                                        .createStatement("SELECT $1::int")
                                        .bind("$1", value)
                                        .execute())
                                .concatMap(result -> result.map(row -> new Answer(
                                        java.util.Objects.requireNonNull(row.get(0, Integer.class)),
                                        Thread.currentThread()))),
                        Connection::close)
                .single();
    }
}
