package dev.mledojo.dataset;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;

import dev.mledojo.error.DomainException;

/**
 * Which finished episodes a dataset holds, beyond its selection (a submission, an agent, or every agent the caller may
 * see): a task, a domain, a split tag, valid results only, a minimum final HumanRank, a window of end times
 * ({@code from} inclusive, {@code to} exclusive) and a maximum number of episodes. Parsed from the query's text with a
 * typed error naming the field at fault; null members do not filter.
 */
public record DatasetFilter(String task, String domain, String split, boolean validOnly, Double minHumanRank,
        Instant from, Instant to, Integer limit) {

    /** The problem slug of a filter that cannot be read. */
    public static final String INVALID = "invalid-dataset-filter";

    /** Task slugs and split tags: lower-case words joined by '-', '_' or '.' (never LIKE wildcards). */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public static final DatasetFilter NONE = new DatasetFilter(null, null, null, false, null, null, null, null);

    /**
     * Reads a filter from query text: blank values do not filter; {@code valid} is {@code true} or {@code false};
     * {@code min_human_rank} a number in [0, 1]; {@code from}/{@code to} an ISO date ({@code 2025-05-01}, a whole UTC
     * day: {@code to} then includes that day) or instant ({@code 2025-05-01T12:00:00Z}); {@code limit} a positive
     * whole number.
     *
     * @param domains the domains that exist (wire names)
     */
    public static DatasetFilter parse(String task, String domain, String split, String valid, String minHumanRank,
            String from, String to, String limit, Set<String> domains) {
        String t = name(task, "task");
        String d = blank(domain) ? null : domain.trim().toLowerCase(Locale.ROOT);
        if (d != null && !domains.contains(d)) {
            throw invalid("domain", "There is no domain '" + domain.trim() + "'; the domains are "
                    + String.join(", ", new java.util.TreeSet<>(domains)) + ".");
        }
        String s = name(split, "split");
        boolean v = false;
        if (!blank(valid)) {
            String w = valid.trim().toLowerCase(Locale.ROOT);
            if (!w.equals("true") && !w.equals("false")) {
                throw invalid("valid", "valid is true or false, got '" + valid.trim() + "'.");
            }
            v = w.equals("true");
        }
        Double min = null;
        if (!blank(minHumanRank)) {
            try {
                min = Double.valueOf(minHumanRank.trim());
            } catch (NumberFormatException e) {
                throw invalid("min_human_rank", "min_human_rank is a number between 0 and 1, got '" + minHumanRank.trim()
                        + "'.");
            }
            if (min.isNaN() || min < 0 || min > 1) {
                throw invalid("min_human_rank", "min_human_rank is a number between 0 and 1, got " + minHumanRank.trim()
                        + ".");
            }
        }
        Instant f = instant(from, "from", false);
        Instant u = instant(to, "to", true);
        if (f != null && u != null && !f.isBefore(u)) {
            throw invalid("to", "The window is empty: 'to' (" + u + ", exclusive) is not after 'from' (" + f + ").");
        }
        Integer n = null;
        if (!blank(limit)) {
            try {
                n = Integer.valueOf(limit.trim());
            } catch (NumberFormatException e) {
                throw invalid("limit", "limit is a whole number of episodes, got '" + limit.trim() + "'.");
            }
            if (n < 1) {
                throw invalid("limit", "limit is at least 1, got " + n + ".");
            }
        }
        return new DatasetFilter(t, d, s, v, min, f, u, n);
    }

    private static String name(String value, String field) {
        if (blank(value)) {
            return null;
        }
        String n = value.trim();
        if (!NAME.matcher(n).matches()) {
            throw invalid(field, field + " is a name of lower-case letters, digits, '-', '_' and '.', got '"
                    + printable(n) + "'.");
        }
        return n;
    }

    private static Instant instant(String value, String field, boolean endOfDay) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw invalid(field, field + " is an ISO date (2025-05-01) or date-time with an offset "
                    + "(2025-05-01T12:00:00Z), got '" + printable(v) + "'.");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static DomainException invalid(String field, String message) {
        return DomainException.invalid(INVALID, message).onField(field);
    }
}
