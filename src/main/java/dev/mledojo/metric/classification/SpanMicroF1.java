package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Character-span micro F1 ({@code span_micro_f1}, nbme): each cell becomes a set of character indices from
 * {@code "start end"} spans separated by ';', optionally inside a Python list literal of strings; malformed or
 * reversed spans are silently skipped. TP/FP/FN are summed over all rows; F1 = 2TP/(2TP+FP+FN), or {@code empty_all}
 * (param, default 1.0) when nothing is predicted or true anywhere. Index sets are handled as merged intervals, so huge
 * spans cost nothing.
 */
@ApplicationScoped
public class SpanMicroF1 implements Metric {

    @Override
    public String id() {
        return "span_micro_f1";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String[] tRaw = truth.column(target);
        String[] pRaw = submission.column(context.predictionColumn(target));
        String[] t = truth.strings(target);
        String[] p = submission.strings(context.predictionColumn(target));
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < t.length; i++) {
            long[] ts = parse(tRaw[i] == null ? null : t[i]);
            long[] ps = parse(pRaw[i] == null ? null : p[i]);
            long inter = intersection(ts, ps);
            tp += inter;
            fp += length(ps) - inter;
            fn += length(ts) - inter;
        }
        long denominator = 2 * tp + fp + fn;
        if (denominator == 0) {
            return context.params().number("empty_all", 1.0);
        }
        return 2.0 * tp / denominator;
    }

    /** A cell as sorted, disjoint half-open intervals {@code [s0, e0, s1, e1, ...]}. */
    static long[] parse(String cell) {
        if (cell == null) {
            return new long[0];
        }
        String s = cell.strip();
        if (s.isEmpty() || s.equals("[]")) {
            return new long[0];
        }
        List<String> segments;
        if (s.startsWith("[") && s.endsWith("]")) {
            segments = PyListLiteral.parse(s);
            if (segments == null) {
                segments = List.of(s);
            }
        } else {
            segments = List.of(s);
        }
        List<long[]> spans = new ArrayList<>();
        for (String segment : segments) {
            for (String span : segment.strip().split(";", -1)) {
                String[] parts = splitWhitespace(span);
                if (parts.length != 2) {
                    continue;
                }
                Long start = pyInt(parts[0]);
                Long end = pyInt(parts[1]);
                if (start == null || end == null || start > end) {
                    continue;
                }
                if (start < end) {
                    spans.add(new long[] {start, end});
                }
            }
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[spans.size() * 2];
        int k = 0;
        for (long[] span : spans) {
            if (k > 0 && span[0] <= out[k - 1]) {
                out[k - 1] = Math.max(out[k - 1], span[1]);
            } else {
                out[k++] = span[0];
                out[k++] = span[1];
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static String[] splitWhitespace(String s) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int len = s.length();
        while (i < len) {
            while (i < len && Tokens.isPythonSpace(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < len && !Tokens.isPythonSpace(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                parts.add(s.substring(i, j));
            }
            i = j;
        }
        return parts.toArray(new String[0]);
    }

    /** Python's {@code int(text)} for plain decimal text (sign, digits, single underscores), else null. */
    static Long pyInt(String text) {
        String s = text.strip();
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i >= s.length()) {
            return null;
        }
        StringBuilder digits = new StringBuilder();
        boolean lastUnderscore = true;
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '_') {
                if (lastUnderscore) {
                    return null;
                }
                lastUnderscore = true;
            } else if (Character.isDigit(c)) {
                digits.append(Character.digit(c, 10));
                lastUnderscore = false;
            } else {
                return null;
            }
        }
        if (lastUnderscore) {
            return null;
        }
        try {
            long v = Long.parseLong(digits.toString());
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static long length(long[] intervals) {
        long sum = 0;
        for (int k = 0; k < intervals.length; k += 2) {
            sum += intervals[k + 1] - intervals[k];
        }
        return sum;
    }

    static long intersection(long[] a, long[] b) {
        long sum = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long lo = Math.max(a[i], b[j]);
            long hi = Math.min(a[i + 1], b[j + 1]);
            if (lo < hi) {
                sum += hi - lo;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return sum;
    }
}
