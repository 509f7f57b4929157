package dev.mledojo.metric.classification;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the classification metric tests. */
final class Fixtures {

    static final double TOL = 1e-6;

    private Fixtures() {
    }

    static MetricContext ctx(String target, Object... params) {
        return new MetricContext("id", List.of(target), MetricParams.of(params));
    }

    static MetricContext ctx(List<String> targets, Object... params) {
        return new MetricContext("id", targets, MetricParams.of(params));
    }

    /** A two-column table {@code id,<col>} with ids 1..n and the given cells. */
    static Table col(String col, String... cells) {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            rows.add(new String[] {Integer.toString(i + 1), cells[i]});
        }
        return Table.ofRows(List.of("id", col), rows);
    }

    /** A table {@code id,<cols...>} from column arrays, ids 1..n. */
    static Table cols(List<String> names, String[]... columns) {
        int n = columns[0].length;
        List<String> header = new ArrayList<>();
        header.add("id");
        header.addAll(names);
        List<String[]> data = new ArrayList<>();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toString(i + 1);
        }
        data.add(ids);
        for (String[] c : columns) {
            data.add(c);
        }
        return Table.ofColumns(header, data);
    }

    static String[] s(String... cells) {
        return cells;
    }
}
