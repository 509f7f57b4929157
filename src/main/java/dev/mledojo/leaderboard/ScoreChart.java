package dev.mledojo.leaderboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drawing of a {@link ScoreDistribution} as SVG coordinates, so the page draws it without JavaScript: better scores
 * to the right whatever the metric's direction (the axis runs backwards when lower is better), the share of entries
 * beaten upwards, threshold lines, and one dot per run on the curve.
 */
public record ScoreChart(int width, int height, Frame frame, String line, String area, List<Tick> xTicks,
        List<Tick> yTicks, List<Rule> rules, List<Dot> dots, String xCaption) {

    static final int WIDTH = 640;
    static final int HEIGHT = 280;
    private static final int LEFT = 48;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 42;

    /** The plot area. */
    public record Frame(int left, int top, int right, int bottom) {
        public int width() {
            return right - left;
        }

        public int height() {
            return bottom - top;
        }

        /** Where the y-axis labels end. */
        public int yLabelX() {
            return left - 4;
        }

        /** The end of an x tick mark below the frame. */
        public int tickEnd() {
            return bottom + 4;
        }

        /** The baseline of the x-axis labels. */
        public int xLabelY() {
            return bottom + 16;
        }

        /** The vertical middle, where the rotated y caption sits. */
        public int middleY() {
            return top + height() / 2;
        }
    }

    /** The baseline of the x caption. */
    public int captionY() {
        return height - 4;
    }

    /** An axis tick: where and what it says. */
    public record Tick(String pos, String label) {
    }

    /**
     * A vertical rule at a threshold; {@code labelY} staggers the labels so that close thresholds stay readable,
     * {@code anchor} keeps them inside the frame.
     */
    public record Rule(String kind, String x, String labelX, String labelY, String anchor, String label) {
    }

    /** A run on the curve, linked to its episode. */
    public record Dot(String x, String y, String href, String title, boolean offScale) {
    }

    /** The drawing of a distribution with a board, or null for an empty board. */
    public static ScoreChart of(ScoreDistribution d) {
        if (d.entries() == 0) {
            return null;
        }
        Frame f = new Frame(LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM);
        double from = d.from();
        double to = d.to();
        StringBuilder line = new StringBuilder();
        for (ScoreDistribution.Point p : d.curve()) {
            line.append(line.length() == 0 ? "M" : " L").append(num(x(f, from, to, p.score()))).append(' ')
                    .append(num(y(f, p.share())));
        }
        String area = line + " L" + f.right() + " " + f.bottom() + " L" + f.left() + " " + f.bottom() + " Z";

        List<Tick> xTicks = new ArrayList<>();
        double lo = Math.min(from, to);
        double hi = Math.max(from, to);
        double step = niceStep((hi - lo) / 5);
        int decimals = Math.max(0, Math.min(8, (int) -Math.floor(Math.log10(step))));
        for (long k = (long) Math.ceil(lo / step); k <= (long) Math.floor(hi / step); k++) {
            xTicks.add(new Tick(num(x(f, from, to, k * step)), label(k * step, decimals)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int pct = 0; pct <= 100; pct += 25) {
            yTicks.add(new Tick(num(y(f, pct / 100.0)), pct + " %"));
        }

        List<Rule> rules = new ArrayList<>();
        ScoreDistribution.Thresholds t = d.thresholds();
        String reach = d.higherIsBetter() ? "≥ " : "≤ ";
        int row = 0;
        for (Object[] r : new Object[][] {{"gold", t.gold(), "gold " + reach}, {"silver", t.silver(), "silver " + reach},
                {"bronze", t.bronze(), "bronze " + reach}, {"median", t.median(), "median "}}) {
            double x = x(f, from, to, (double) r[1]);
            boolean rightHalf = x > f.left() + f.width() / 2.0;
            rules.add(new Rule((String) r[0], num(x), num(rightHalf ? x - 4 : x + 4), num(f.top() + 12 + 13 * row++),
                    rightHalf ? "end" : "start", r[2] + shortNum((double) r[1])));
        }

        List<Dot> dots = new ArrayList<>();
        for (ScoreDistribution.Marker m : d.markers()) {
            if (m.finalScore() == null || m.share() == null) {
                continue;
            }
            double score = Math.max(lo, Math.min(hi, m.finalScore()));
            String title = m.agent() + " v" + m.version() + " (" + m.owner() + "), seed " + m.seed() + ": "
                    + shortNum(m.finalScore()) + ", beats or equals " + percent(m.share()) + " of the board"
                    + (m.offScale() ? " (off the scale, drawn at the edge)" : "");
            dots.add(new Dot(num(x(f, from, to, score)), num(y(f, m.share())), m.episodeUrl(), title, m.offScale()));
        }
        String caption = d.higherIsBetter() ? "score (higher is better) →" : "score (lower is better; axis reversed) →";
        return new ScoreChart(WIDTH, HEIGHT, f, line.toString(), area, xTicks, yTicks, rules, dots, caption);
    }

    /** Better scores to the right: {@code from} (worse end) at the left edge, {@code to} at the right. */
    private static double x(Frame f, double from, double to, double score) {
        return f.left() + (score - from) / (to - from) * f.width();
    }

    private static double y(Frame f, double share) {
        return f.bottom() - share * f.height();
    }

    /** 1, 2 or 5 times a power of ten, the nearest to {@code raw} (about five ticks across the range). */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * magnitude;
    }

    private static String label(double v, int decimals) {
        BigDecimal b = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }

    /** Up to 5 significant digits, the way the page shows scores. */
    static String shortNum(double v) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(new java.math.MathContext(5)).stripTrailingZeros().toPlainString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
