package dev.mledojo.grading;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricRegistry;

/** Makes the metric registry a bean holding every {@link Metric} bean (adding a metric is adding a bean). */
@jakarta.enterprise.context.ApplicationScoped
public class MetricRegistryProducer {

    @Produces
    @Singleton
    MetricRegistry metrics(Instance<Metric> metrics) {
        return new MetricRegistry(metrics);
    }
}
