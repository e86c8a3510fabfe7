package io.eventlens.app.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedOptionsTests {

    @Test
    void defaultsApplyToWhatIsNotGiven() {
        SeedOptions options = SeedOptions.parse("--events", "100", "--seed", "-7");

        assertThat(options).isEqualTo(new SeedOptions(100, -7, 30, 20_000, 5_000, 2, ProjectId.DEFAULT, List.of()));
    }

    @Test
    void optionsTakeValuesEitherWayAndOtherPropertiesGoToSpring() {
        SeedOptions options = SeedOptions.parse(
                "--events=1000000",
                "--seed",
                "42",
                "--days=7",
                "--users",
                "500",
                "--batch-size",
                "250",
                "--concurrency=8",
                "--project",
                "shop",
                "--eventlens.data-dir=/srv/eventlens",
                "--server.port=0");

        assertThat(options)
                .isEqualTo(new SeedOptions(
                        1_000_000,
                        42,
                        7,
                        500,
                        250,
                        8,
                        new ProjectId("shop"),
                        List.of("--eventlens.data-dir=/srv/eventlens", "--server.port=0")));
    }
}
