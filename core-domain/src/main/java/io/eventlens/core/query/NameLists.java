package io.eventlens.core.query;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import java.util.stream.Collectors;

/** The "use one of ..." part of error messages, so users see what they could have written. */
public final class NameLists {

    private NameLists() {}

    public static String metrics(Catalog catalog) {
        return catalog.metrics().stream().map(Metric::publicName).collect(Collectors.joining(", "));
    }

    public static String dimensions(Catalog catalog) {
        return catalog.dimensions().stream().map(Dimension::publicName).collect(Collectors.joining(", "))
                + " or properties.<key>";
    }
}
