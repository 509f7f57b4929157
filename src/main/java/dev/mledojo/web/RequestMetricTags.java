package dev.mledojo.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Requests answered before they reach a route (credentials refused or malformed: 401; a body over the route's cap:
 * 413) carry their raw path as the {@code uri} tag of {@code http.server.requests}, so that any client could open a new
 * time series per path it sends until Micrometer's cap of URI tags, after which routes seen for the first time would
 * get no metrics. They are counted under one {@code uri} per status instead, as Quarkus does for 404s
 * ({@code NOT_FOUND}); a 401 or 413 answered by a route is counted there too (which route refused is of no use to
 * a dashboard, and the filter cannot tell the two apart).
 */
@ApplicationScoped
public class RequestMetricTags {

    static final String METER = "http.server.requests";
    static final Set<String> REFUSED_BEFORE_ROUTING = Set.of("401", "413");
    static final String REFUSED = "REFUSED";

    @Produces
    @Singleton
    MeterFilter refusedRequestsUnderOneUri() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return collapse(id);
            }
        };
    }

    static Meter.Id collapse(Meter.Id id) {
        if (!METER.equals(id.getName()) || !REFUSED_BEFORE_ROUTING.contains(id.getTag("status"))
                || id.getTag("uri") == null) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            tags.add(tag.getKey().equals("uri") ? Tag.of("uri", REFUSED) : tag);
        }
        return id.replaceTags(tags);
    }
}
