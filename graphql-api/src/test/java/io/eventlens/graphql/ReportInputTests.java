package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.Compare;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GraphQL input reaches the core unchanged: same names, same instants, absent parts stay absent. */
class ReportInputTests {

    @Test
    void everyPartIsCarriedOver() {
        OffsetDateTime from = OffsetDateTime.of(2021, 3, 28, 0, 0, 0, 0, ZoneOffset.ofHours(2));
        ReportInput input = new ReportInput(
                List.of("events", "revenue"),
                List.of("country"),
                List.of(new FilterInput("properties.plan", FilterOp.IN, List.of("pro", "team"))),
                from,
                from.plusDays(1),
                Granularity.HOUR,
                "Europe/Berlin",
                List.of(new ReportInput.OrderInput("country", Direction.ASC)),
                7,
                true,
                Compare.PREVIOUS_PERIOD,
                true,
                true);

        ReportRequest request = input.toRequest();

        assertThat(request)
                .isEqualTo(new ReportRequest(
                        List.of("events", "revenue"),
                        List.of("country"),
                        List.of(new FilterRequest("properties.plan", FilterOp.IN, List.of("pro", "team"))),
                        Instant.parse("2021-03-27T22:00:00Z"),
                        Instant.parse("2021-03-28T22:00:00Z"),
                        Granularity.HOUR,
                        "Europe/Berlin",
                        List.of(new OrderRequest("country", Direction.ASC)),
                        7,
                        true,
                        Compare.PREVIOUS_PERIOD,
                        true));
    }

    @Test
    void omittedPartsStayAbsentSoTheCoreAppliesItsDefaults() {
        OffsetDateTime from = OffsetDateTime.of(2021, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        ReportRequest request = new ReportInput(
                        List.of("events"),
                        null,
                        null,
                        from,
                        from.plusHours(1),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)
                .toRequest();

        assertThat(request.dimensions()).isNull();
        assertThat(request.filters()).isNull();
        assertThat(request.orderBy()).isNull();
        assertThat(request.limit()).isNull();
        assertThat(request.granularity()).isNull();
        assertThat(request.timezone()).isNull();
    }
}
