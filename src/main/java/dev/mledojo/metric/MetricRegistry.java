package dev.mledojo.metric;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Finds a metric by its catalogue id; every {@link Metric} bean registers itself by being a bean. */
@ApplicationScoped
public class MetricRegistry {

    private final Map<String, Metric> byId;

    @Inject
    public MetricRegistry(Instance<Metric> metrics) {
        this((Iterable<Metric>) metrics);
    }

    /** For code outside CDI (benchmarks, generators, unit tests). */
    public MetricRegistry(Iterable<Metric> metrics) {
        Map<String, Metric> map = new TreeMap<>();
        for (Metric m : metrics) {
            Metric previous = map.putIfAbsent(m.id(), m);
            if (previous != null) {
                throw new IllegalStateException("two metrics claim id '" + m.id() + "': " + previous.getClass().getName()
                        + " and " + m.getClass().getName());
            }
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    public Optional<Metric> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** All registered metrics by id, sorted. */
    public Map<String, Metric> all() {
        return byId;
    }
}
