package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Server-rendered SVG charts for the board pages (readable without JavaScript): a forest plot of intervals, an inline
 * interval bar, and a scatter plot with an optional Pareto frontier. Every label is escaped; every mark has a
 * {@code <title>} with its exact numbers and, when given, a link.
 */
public final class Charts {

    private Charts() {
    }

    /** One interval to draw: a label, a link (or null), the estimate and its bounds (bounds may be null). */
    public record Bar(String label, String href, double estimate, Double low, Double high) {
    }

    /** One point of a scatter: label, link (or null), coordinates, and whether it is drawn hollow (e.g. estimated). */
    public record Point(String label, String href, double x, double y, boolean hollow) {
    }

    /** A forest plot on [0, 1]: one row per bar, the point estimate and its 95 % interval as a whisker. */
    public static String forest(List<Bar> bars, String axisLabel) {
        int left = 220;
        int width = 760;
        int plot = width - left - 20;
        int rowHeight = 18;
        int height = 30 + bars.size() * rowHeight + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart forest\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                + "height=\"%d\" role=\"img\" aria-label=\"%s\">", width, height, width, height, escape(axisLabel)));
        for (int i = 0; i <= 4; i++) {
            double x = left + plot * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%.2f</text>", x, x,
                    height - 25, x, height - 10, i / 4.0));
        }
        int y = 30;
        for (Bar b : bars) {
            double px = left + plot * clamp(b.estimate());
            String label = escape(b.label());
            if (b.href() != null) {
                svg.append("<a href=\"").append(escape(b.href())).append("\">");
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text>",
                    left - 8, y + 4, label));
            svg.append("<g><title>").append(label).append(": ").append(fixed(b.estimate()));
            if (b.low() != null) {
                svg.append(" [").append(fixed(b.low())).append(", ").append(fixed(b.high())).append("]");
                svg.append(String.format(Locale.ROOT, "</title><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        + "class=\"whisker\"/>", left + plot * clamp(b.low()), y, left + plot * clamp(b.high()), y));
            } else {
                svg.append("</title>");
            }
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" class=\"point\"/></g>", px, y));
            if (b.href() != null) {
                svg.append("</a>");
            }
            y += rowHeight;
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%s</text>",
                left + plot / 2, height - 0, escape(axisLabel)));
        return svg.append("</svg>").toString();
    }

    /** A small inline bar on [0, 1] with the interval and the estimate, for a table cell. */
    public static String intervalBar(double estimate, Double low, Double high) {
        StringBuilder svg = new StringBuilder("<svg class=\"cibar\" viewBox=\"0 0 100 10\" width=\"100\" height=\"10\" "
                + "aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"100\" y2=\"5\" class=\"track\"/>");
        if (low != null && high != null) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"5\" x2=\"%.1f\" y2=\"5\" class=\"whisker\"/>",
                    100 * clamp(low), 100 * clamp(high)));
        }
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"5\" r=\"3\" class=\"point\"/>",
                100 * clamp(estimate)));
        return svg.append("</svg>").toString();
    }

    /**
     * A scatter plot; with {@code frontier}, the points no other point dominates (lower or equal x and higher or equal
     * y, one strictly) are joined by a line — the Pareto frontier when x is a cost and y a score.
     */
    public static String scatter(List<Point> points, String xLabel, String yLabel, boolean frontier, boolean diagonal) {
        int width = 640;
        int height = 420;
        int left = 60;
        int bottom = 50;
        int plotW = width - left - 20;
        int plotH = height - bottom - 20;
        double maxX = points.stream().mapToDouble(Point::x).max().orElse(1);
        double minX = diagonal ? 0 : 0;
        maxX = diagonal ? 1 : maxX <= 0 ? 1 : maxX * 1.1;
        double maxY = 1;
        final double mx = maxX;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart scatter\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                + "height=\"%d\" role=\"img\" aria-label=\"%s against %s\">", width, height, width, height,
                escape(yLabel), escape(xLabel)));
        for (int i = 0; i <= 4; i++) {
            double gx = left + plotW * i / 4.0;
            double gy = 20 + plotH * (1 - i / 4.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>", gx, gx, 20 + plotH,
                    gx, 20 + plotH + 15, tick(minX + (mx - minX) * i / 4.0)));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%.2f</text>", left, gy,
                    left + plotW, gy, left - 5, gy + 4, maxY * i / 4.0));
        }
        if (diagonal) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"20\" class=\"diagonal\"/>",
                    left, 20 + plotH, left + plotW));
        }
        List<Point> front = frontier ? pareto(points) : List.of();
        if (frontier) {
            if (front.size() > 1) {
                svg.append("<polyline class=\"frontier\" points=\"");
                for (Point p : front) {
                    svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + plotW * p.x() / mx,
                            20 + plotH * (1 - clamp(p.y()))));
                }
                svg.append("\"/>");
            }
        }
        for (Point p : points) {
            double cx = left + plotW * (p.x() - minX) / (mx - minX);
            double cy = 20 + plotH * (1 - clamp(p.y()));
            if (p.href() != null) {
                svg.append("<a href=\"").append(escape(p.href())).append("\">");
            }
            svg.append(String.format(Locale.ROOT, "<g><title>%s: %s %s, %s %s</title><circle cx=\"%.1f\" cy=\"%.1f\" "
                    + "r=\"5\" class=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" class=\"label\">%s</text></g>",
                    escape(p.label()), escape(xLabel), tick(p.x()), escape(yLabel), fixed(p.y()), cx, cy,
                    (p.hollow() ? "point hollow" : "point") + (front.contains(p) ? " on-frontier" : ""), cx + 7, cy - 6, escape(p.label())));
            if (p.href() != null) {
                svg.append("</a>");
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%s</text>"
                + "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 14 %d)\">%s"
                + "</text>", left + plotW / 2, height - 8, escape(xLabel), 20 + plotH / 2, 20 + plotH / 2,
                escape(yLabel)));
        return svg.append("</svg>").toString();
    }

    /** The points on the Pareto frontier (cheapest first): no other point is as cheap and at least as good. */
    public static List<Point> pareto(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::x).thenComparing(Comparator.comparingDouble(Point::y).reversed()));
        List<Point> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Point p : sorted) {
            if (p.y() > best) {
                front.add(p);
                best = p.y();
            }
        }
        return front;
    }

    /** Escapes text for HTML and SVG (element content and quoted attributes). */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String tick(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
