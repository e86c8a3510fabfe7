package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The query-string syntax of {@code GET /v1/reports.csv}. */
class ReportParametersTests {

    @Test
    void readsEveryParameter() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("metrics", "events, revenue");
        params.add("dimensions", "country");
        params.add("dimensions", "properties.plan");
        params.add("from", "2026-05-01T00:00:00+02:00");
        params.add("to", "2026-05-02T00:00:00Z");
        params.add("granularity", "day");
        params.add("timezone", "Europe/Berlin");
        params.add("filter", "country:IN:DE,FR");
        params.add("filter", "page:EQ:/a,b:c");
        params.add("orderBy", "revenue:asc");
        params.add("limit", "7");

        ReportRequest request = ReportParameters.read(params);

        assertThat(request.metrics()).containsExactly("events", "revenue");
        assertThat(request.dimensions()).containsExactly("country", "properties.plan");
        assertThat(request.from()).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
        assertThat(request.to()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
        assertThat(request.granularity()).isEqualTo(Granularity.DAY);
        assertThat(request.timezone()).isEqualTo("Europe/Berlin");
        assertThat(request.filters())
                .containsExactly(
                        new FilterRequest("country", FilterOp.IN, List.of("DE", "FR")),
                        new FilterRequest("page", FilterOp.EQ, List.of("/a,b:c")));
        assertThat(request.orderBy()).containsExactly(new OrderRequest("revenue", Direction.ASC));
        assertThat(request.limit()).isEqualTo(7);
    }

    @Test
    void refusalsNameTheParameter() {
        assertRefused("from", "yesterday", ErrorCode.INVALID_TIME_RANGE, "from");
        assertRefused("granularity", "FORTNIGHT", ErrorCode.INVALID_ARGUMENT, "granularity");
        assertRefused("limit", "ten", ErrorCode.INVALID_LIMIT, "limit");
        assertRefused("filter", "country", ErrorCode.INVALID_FILTER, "filters[0]");
        assertRefused("filter", "country:LIKE:D", ErrorCode.INVALID_FILTER, "filters[0].op");
        assertRefused("orderBy", "events:UP", ErrorCode.INVALID_ORDER, "orderBy[0].direction");
    }

    private static void assertRefused(String name, String value, ErrorCode code, String field) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("metrics", "events");
        params.add(name, value);
        assertThatThrownBy(() -> ReportParameters.read(params)).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
