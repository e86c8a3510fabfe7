package io.eventlens.core.storage.contract;

import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes a {@link ReportRequest} the way a client would; the range defaults to the whole contract dataset. */
public final class ReportRequestBuilder {

    private final List<String> metrics;
    private final List<String> dimensions = new ArrayList<>();
    private final List<FilterRequest> filters = new ArrayList<>();
    private final List<OrderRequest> orderBy = new ArrayList<>();
    private Instant from = ContractDataset.ALL_FROM;
    private Instant to = ContractDataset.ALL_TO;
    private @Nullable Granularity granularity;
    private @Nullable String timezone;
    private @Nullable Integer limit;

    private ReportRequestBuilder(List<String> metrics) {
        this.metrics = metrics;
    }

    /** A report of these metrics. */
    public static ReportRequestBuilder report(String... metrics) {
        return new ReportRequestBuilder(List.of(metrics));
    }

    public ReportRequestBuilder by(String... names) {
        dimensions.addAll(List.of(names));
        return this;
    }

    public ReportRequestBuilder where(String dimension, FilterOp op, String... values) {
        filters.add(new FilterRequest(dimension, op, List.of(values)));
        return this;
    }

    public ReportRequestBuilder between(Instant from, Instant to) {
        this.from = from;
        this.to = to;
        return this;
    }

    public ReportRequestBuilder every(Granularity granularity) {
        this.granularity = granularity;
        return this;
    }

    public ReportRequestBuilder in(String timezone) {
        this.timezone = timezone;
        return this;
    }

    public ReportRequestBuilder orderBy(String by, Direction direction) {
        orderBy.add(new OrderRequest(by, direction));
        return this;
    }

    public ReportRequestBuilder limit(int limit) {
        this.limit = limit;
        return this;
    }

    public ReportRequest build() {
        return new ReportRequest(metrics, dimensions, filters, from, to, granularity, timezone, orderBy, limit);
    }

    @Override
    public String toString() {
        return build().toString();
    }
}
