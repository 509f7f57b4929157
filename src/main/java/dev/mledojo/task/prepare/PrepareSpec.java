package dev.mledojo.task.prepare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mledojo.task.TaskDefinition;

/**
 * The executable part of a task's {@code prepare:} map, typed and checked. Keys the preparer does not know (the
 * catalogue's descriptive facts such as {@code raw_files} or {@code notes}) are ignored; known keys with unusable values
 * are errors that name the key.
 *
 * @param testFraction share of labelled rows (or groups) that becomes the test set; null for patterns that do not split
 * @param seed the shuffling seed (42 when the definition gives none)
 * @param seedGiven whether the definition named the seed
 * @param baseDir folder inside the raw directory the file names are relative to ("" = the raw directory)
 * @param sampleValues a placeholder per target column for the sample submission (empty = derived from the data)
 */
public record PrepareSpec(Kind pattern, Double testFraction, long seed, boolean seedGiven, String baseDir,
        String trainFile, String testFile, String answersFile, String groupColumn, String timeColumn,
        String stratifyColumn, List<String> copy, List<String> dropColumns, List<String> answerColumns,
        Map<String, String> sampleValues, String script, List<String> warnings) {

    /** The key of {@link #sampleValues()} holding a single {@code sample_value} given for every target. */
    public static final String ANY_TARGET = "*";

    /** The preparation patterns this preparer runs. */
    public enum Kind {
        SPLIT_TRAIN_CSV, USE_GIVEN_TEST_WITH_ANSWERS, DSBENCH_PRESPLIT, GROUP_SPLIT, TIME_SPLIT, CUSTOM;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean splits() {
            return this == SPLIT_TRAIN_CSV || this == GROUP_SPLIT || this == TIME_SPLIT;
        }
    }

    public static final long DEFAULT_SEED = 42;

    private static final Pattern LEADING_NUMBER = Pattern.compile("\\s*(\\d*\\.?\\d+)\\s*(\\(.*)?");
    private static final Pattern LEADING_SEED = Pattern.compile("\\s*(\\d{1,18})(\\s*/.*)?");

    public PrepareSpec {
        copy = List.copyOf(copy);
        dropColumns = List.copyOf(dropColumns);
        answerColumns = List.copyOf(answerColumns);
        sampleValues = Map.copyOf(sampleValues);
        warnings = List.copyOf(warnings);
    }

    /** Reads the {@code prepare:} map of a task. */
    public static PrepareSpec of(TaskDefinition task) {
        Map<String, Object> m = task.prepare();
        List<String> warnings = new ArrayList<>();
        Object patternValue = m.get("pattern");
        if (patternValue == null || patternValue.toString().isBlank()) {
            throw new PreparationException("task.yaml prepare.pattern is missing; use one of " + wireNames());
        }
        Kind kind;
        try {
            kind = Kind.valueOf(patternValue.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String p = patternValue.toString().trim();
            throw new PreparationException("prepare.pattern '" + p + "' is not supported by the generic preparer"
                    + (p.equals("image_folder_split") ? " yet (media files routed by id): use pattern custom with prepare/prepare.py"
                            : "") + "; supported: " + wireNames());
        }
        Double fraction = null;
        if (kind.splits() || (kind == Kind.CUSTOM && (m.containsKey("test_fraction") || m.get("split_fraction") instanceof Number))) {
            fraction = fraction(m, kind, warnings);
        }
        long seed = DEFAULT_SEED;
        boolean seedGiven = false;
        Object s = m.get("seed");
        if (s instanceof Number n) {
            seed = n.longValue();
            seedGiven = true;
        } else if (s != null) {
            Matcher sm = LEADING_SEED.matcher(s.toString());
            if (sm.matches()) {
                seed = Long.parseLong(sm.group(1));
                seedGiven = true;
            }
        }
        if (!seedGiven && (kind == Kind.SPLIT_TRAIN_CSV || kind == Kind.GROUP_SPLIT)) {
            warnings.add("prepare.seed is not a number" + (s == null ? "" : " ('" + s + "')") + "; using seed "
                    + DEFAULT_SEED);
        }
        String group = text(m, "group_column");
        String time = text(m, "time_column");
        if (kind == Kind.GROUP_SPLIT && group == null) {
            throw new PreparationException("prepare.group_column is required for pattern group_split");
        }
        if (kind == Kind.TIME_SPLIT && time == null) {
            throw new PreparationException("prepare.time_column is required for pattern time_split");
        }
        String answers = text(m, "answers_file");
        if (answers == null && kind == Kind.DSBENCH_PRESPLIT) {
            answers = "test_answer.csv";
        }
        Map<String, String> sample = new LinkedHashMap<>();
        Object sv = m.get("sample_value");
        if (sv instanceof Map<?, ?> map) {
            map.forEach((k, v) -> sample.put(String.valueOf(k), String.valueOf(v)));
            for (String k : sample.keySet()) {
                if (!task.targetsAfterId() && !task.targetColumns().contains(k) && !task.submission().columns().contains(k)) {
                    throw new PreparationException("prepare.sample_value names '" + k + "', which is not a target column "
                            + task.targetColumns());
                }
            }
        } else if (sv != null) {
            if (sv instanceof List) {
                throw new PreparationException("prepare.sample_value must be one value or a map {target: value}");
            }
            String value = sv instanceof Boolean b ? (b ? "True" : "False") : sv.toString();
            for (String t : task.targetColumns()) {
                sample.put(t, value);
            }
            sample.put(ANY_TARGET, value);
        }
        String baseDir = text(m, "base_dir");
        return new PrepareSpec(kind, fraction, seed, seedGiven, baseDir == null ? "" : baseDir,
                orDefault(text(m, "train_file"), "train.csv"), orDefault(text(m, "test_file"), "test.csv"), answers,
                group, time, text(m, "stratify_column"), list(m, "copy"), list(m, "drop_columns"),
                list(m, "answer_columns"), sample, orDefault(text(m, "script"), "prepare/prepare.py"), warnings);
    }

    private static Double fraction(Map<String, Object> m, Kind kind, List<String> warnings) {
        String key = m.containsKey("test_fraction") ? "test_fraction" : "split_fraction";
        Object v = m.get(key);
        if (v == null) {
            throw new PreparationException("prepare.test_fraction is required for pattern " + kind.wireName()
                    + " (share of the labelled " + (kind == Kind.GROUP_SPLIT ? "groups" : "rows") + " that becomes the test set, e.g. 0.2)");
        }
        double f;
        if (v instanceof Number n) {
            f = n.doubleValue();
        } else {
            Matcher fm = LEADING_NUMBER.matcher(v.toString());
            if (!fm.matches()) {
                throw new PreparationException("prepare." + key + " '" + v + "' is a description, not a number; add "
                        + "test_fraction: <share in (0,1)> to the prepare section");
            }
            f = Double.parseDouble(fm.group(1));
            if (fm.group(2) != null) {
                warnings.add("prepare." + key + " read as " + f + " from the text '" + v + "'");
            }
        }
        if (!(f > 0 && f < 1)) {
            throw new PreparationException("prepare." + key + " must be strictly between 0 and 1, got " + f);
        }
        return f;
    }

    private static String wireNames() {
        List<String> names = new ArrayList<>();
        for (Kind k : Kind.values()) {
            names.add(k.wireName());
        }
        return String.join(", ", names);
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new PreparationException("prepare." + key + " must be a single value");
        }
        return v.toString().trim();
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static List<String> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o == null || o instanceof Map || o instanceof List || o.toString().isBlank()) {
                    throw new PreparationException("prepare." + key + ": every entry must be a non-empty name");
                }
                out.add(o.toString().trim());
            }
        } else if (v instanceof Map) {
            throw new PreparationException("prepare." + key + " must be a list of names");
        } else {
            for (String part : v.toString().split(";")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
