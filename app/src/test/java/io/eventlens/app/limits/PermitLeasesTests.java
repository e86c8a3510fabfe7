package io.eventlens.app.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Leased permits are handed out until used up or a second old, and never more than were leased. */
class PermitLeasesTests {

    private final PermitLeases leases = new PermitLeases();

    @Test
    void nothingIsHeldUntilALeaseAndThenExactlyWhatWasLeased() {
        assertThat(leases.take("k", 1)).isFalse();
        leases.hold("k", 5);
        assertThat(leases.take("k", 3)).isTrue();
        assertThat(leases.take("k", 3)).as("only 2 left").isFalse();
        assertThat(leases.take("k", 2)).isTrue();
        assertThat(leases.take("k", 1)).isFalse();
        assertThat(leases.take("other", 1)).as("another limiter's permits").isFalse();
    }

    @Test
    void leasedPermitsExpireWithTheLimitersWindow() throws InterruptedException {
        leases.hold("k", 10);
        Thread.sleep(PermitLeases.HELD_FOR.toMillis() + 50);
        assertThat(leases.take("k", 1)).isFalse();
        leases.hold("k", 1);
        assertThat(leases.take("k", 1))
                .as("a new lease, without the old permits")
                .isTrue();
        assertThat(leases.take("k", 1)).isFalse();
    }

    @Test
    void blocksAreATwentiethOfTheRateWithinBounds() {
        assertThat(PermitLeases.blockSize(10)).isEqualTo(1);
        assertThat(PermitLeases.blockSize(100)).isEqualTo(5);
        assertThat(PermitLeases.blockSize(10_000)).isEqualTo(500);
        assertThat(PermitLeases.blockSize(10_000_000)).isEqualTo(1_000);
    }
}
