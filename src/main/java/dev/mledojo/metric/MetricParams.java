package dev.mledojo.metric;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The free-form parameters of a metric as written in {@code task.yaml} ({@code metric.params}), read with defaults. */
public final class MetricParams {

    public static final MetricParams EMPTY = new MetricParams(Map.of());

    private final Map<String, Object> values;

    @JsonCreator
    public MetricParams(Map<String, ?> values) {
        this.values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static MetricParams of(Object... keyValues) {
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new MetricParams(map);
    }

    @JsonValue
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    public double number(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }

    public int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString());
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    /** A list parameter; a single value becomes a one-element list. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(v.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricParams other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
