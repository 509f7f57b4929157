package dev.mledojo.web;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/**
 * Number formats for values that may be missing, called as {@code {fmt:fixed(value, 3)}} (an extension method is
 * never called on a null base, a namespace function is): a dash when there is no value.
 */
@TemplateExtension(namespace = "fmt")
public class Fmt {

    static String fixed(Double value, int digits) {
        return value == null ? "—" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    /** A share (0..1) as a whole percentage, or a dash. */
    static String pct(Double share) {
        return share == null ? "—" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    /** "$0.0123" with four decimals, or a dash. */
    static String money(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "$%.4f", value);
    }

    /** A whole number (e.g. an Elo rating), or a dash. */
    static String whole(Double value) {
        return value == null || value.isNaN() ? "—" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** "3 min" / "45 s". */
    static String duration(Long seconds) {
        if (seconds == null) {
            return "—";
        }
        return seconds >= 120 ? Math.round(seconds / 60.0) + " min" : seconds + " s";
    }
}
