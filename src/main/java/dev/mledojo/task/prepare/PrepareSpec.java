package dev.mledojo.task.prepare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * @param renameColumns raw column name -> name used from then on, applied to the header of every raw table read
 * @param oneHotColumn split patterns: when set, the answers are one column per distinct value of this column (sorted),
 *        1 for the row's value and 0 otherwise, instead of the target columns
 * @param media what pattern {@code image_folder_split} routes by id (null for the other patterns)
 */
public record PrepareSpec(Kind pattern, Double testFraction, long seed, boolean seedGiven, String baseDir,
        String trainFile, String testFile, String answersFile, String groupColumn, String timeColumn,
        String stratifyColumn, List<String> copy, List<String> dropColumns, List<String> answerColumns,
        Map<String, String> sampleValues, String script, Map<String, String> renameColumns, String oneHotColumn,
        Media media, List<String> warnings) {

    /** The key of {@link #sampleValues()} holding a single {@code sample_value} given for every target. */
    public static final String ANY_TARGET = "*";

    /** The preparation patterns this preparer runs. */
    public enum Kind {
        SPLIT_TRAIN_CSV, IMAGE_FOLDER_SPLIT, USE_GIVEN_TEST_WITH_ANSWERS, DSBENCH_PRESPLIT, GROUP_SPLIT, TIME_SPLIT, CUSTOM;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean splits() {
            return this == SPLIT_TRAIN_CSV || this == IMAGE_FOLDER_SPLIT || this == GROUP_SPLIT || this == TIME_SPLIT;
        }

        /** Patterns whose split is a seeded shuffle. */
        boolean seeded() {
            return this == SPLIT_TRAIN_CSV || this == IMAGE_FOLDER_SPLIT || this == GROUP_SPLIT;
        }
    }

    /**
     * The per-row files of pattern {@code image_folder_split}.
     *
     * @param rules the files (or folders) every labelled row owns, by path template
     * @param labelFolders when set, the labelled table is built from {@code <labelFolders>/<class>/<file>} (id column =
     *        file name, {@code labelColumn} = class folder) instead of being read from {@code train_file}
     * @param labelColumn the class column of a table built from folders
     * @param dropDuplicateIds drop every row whose id occurs more than once (warned) instead of refusing the table
     * @param trainRowsOnly raw tables published with only the rows of train ids (column = the id column)
     */
    public record Media(List<MediaRule> rules, String labelFolders, String labelColumn, boolean dropDuplicateIds, List<String> trainRowsOnly) {
        public Media {
            rules = List.copyOf(rules);
            trainRowsOnly = List.copyOf(trainRowsOnly);
        }
    }

    /**
     * One kind of per-row file: {@code from} is its raw path, {@code train} and {@code test} where it is published for a
     * train or a test row ({@code test} null = train rows only). Templates are relative paths whose {@code {column}} and
     * {@code {column[k]}} (k-th character) placeholders take the row's values; a path that names a folder routes the
     * whole folder.
     *
     * @param optional a missing raw file is skipped (counted in a warning) instead of failing the preparation
     */
    public record MediaRule(String from, String train, String test, boolean optional) {
    }

    /** The placeholders of a media template: {@code {column}} or {@code {column[k]}}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\[\\]]+)(?:\\[(\\d{1,3})\\])?\\}");

    public static final long DEFAULT_SEED = 42;

    private static final Pattern LEADING_NUMBER = Pattern.compile("\\s*(\\d*\\.?\\d+)\\s*(\\(.*)?");
    private static final Pattern LEADING_SEED = Pattern.compile("\\s*(\\d{1,18})(\\s*/.*)?");

    public PrepareSpec {
        copy = List.copyOf(copy);
        dropColumns = List.copyOf(dropColumns);
        answerColumns = List.copyOf(answerColumns);
        sampleValues = Map.copyOf(sampleValues);
        renameColumns = Map.copyOf(renameColumns);
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
                    + "; supported: " + wireNames());
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
        if (!seedGiven && kind.seeded()) {
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
        Map<String, String> rename = stringMap(m, "rename_columns");
        Media media = kind == Kind.IMAGE_FOLDER_SPLIT ? media(m, task) : null;
        String oneHot = text(m, "one_hot_column");
        if (oneHot != null && !kind.splits()) {
            throw new PreparationException("prepare.one_hot_column is supported by the split patterns only (not "
                    + kind.wireName() + ")");
        }
        if (kind != Kind.IMAGE_FOLDER_SPLIT) {
            for (String key : List.of("media", "label_folders", "label_column", "drop_duplicate_ids",
                    "train_rows_only")) {
                if (m.containsKey(key)) {
                    warnings.add("prepare." + key + " is used by pattern image_folder_split only; ignored");
                }
            }
        }
        return new PrepareSpec(kind, fraction, seed, seedGiven, baseDir == null ? "" : baseDir,
                orDefault(text(m, "train_file"), "train.csv"), orDefault(text(m, "test_file"), "test.csv"), answers,
                group, time, text(m, "stratify_column"), list(m, "copy"), list(m, "drop_columns"),
                list(m, "answer_columns"), sample, orDefault(text(m, "script"), "prepare/prepare.py"), rename, oneHot,
                media, warnings);
    }

    private static Media media(Map<String, Object> m, TaskDefinition task) {
        Object v = m.get("media");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new PreparationException("prepare.media is required for pattern image_folder_split: a list of "
                    + "{from: <raw path template>, test: <public path template>} such as {from: \"train/{"
                    + task.idColumn() + "}.jpg\", test: \"test/{" + task.idColumn() + "}.jpg\"}");
        }
        List<MediaRule> rules = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> rule)) {
                throw new PreparationException("prepare.media: every entry must be a map {from, test[, train, optional, train_only]}, got '"
                        + o + "'");
            }
            for (Object k : rule.keySet()) {
                if (!Set.of("from", "train", "test", "optional", "train_only").contains(String.valueOf(k))) {
                    throw new PreparationException("prepare.media: unknown key '" + k + "' (known: from, train, test, optional, train_only)");
                }
            }
            String from = template(rule.get("from"), "from", true);
            boolean trainOnly = flag(rule.get("train_only"), "media.train_only");
            String test = template(rule.get("test"), "test", false);
            if (trainOnly == (test != null)) {
                throw new PreparationException("prepare.media entry '" + from + "': give either test: <path template> or "
                        + "train_only: true");
            }
            String train = template(rule.get("train"), "train", false);
            rules.add(new MediaRule(from, train == null ? from : train, test, flag(rule.get("optional"), "media.optional")));
        }
        String labelFolders = text(m, "label_folders");
        String labelColumn = text(m, "label_column");
        if ((labelFolders == null) != (labelColumn == null)) {
            throw new PreparationException("prepare.label_folders and prepare.label_column go together (the folder whose "
                    + "sub-folders are the classes, and the name of the class column)");
        }
        if (labelColumn != null && labelColumn.equals(task.idColumn())) {
            throw new PreparationException("prepare.label_column must differ from the id column '" + task.idColumn() + "'");
        }
        if (labelFolders != null) {
            safeRelative(labelFolders, "label_folders");
        }
        return new Media(rules, labelFolders, labelColumn, flag(m.get("drop_duplicate_ids"), "drop_duplicate_ids"), list(m, "train_rows_only"));
    }

    private static String template(Object v, String key, boolean required) {
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw new PreparationException("prepare.media: every entry needs " + key + ": <path template>");
            }
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new PreparationException("prepare.media." + key + " must be a path template");
        }
        String t = v.toString().trim();
        safeRelative(t, "media." + key);
        if (!PLACEHOLDER.matcher(t).find()) {
            throw new PreparationException("prepare.media." + key + " '" + t + "' has no {column} placeholder: every row "
                    + "would name the same file");
        }
        return t;
    }

    private static void safeRelative(String path, String key) {
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            throw new PreparationException("prepare." + key + " '" + path + "' must be a relative path");
        }
        for (String seg : p.split("/")) {
            if (seg.equals("..")) {
                throw new PreparationException("prepare." + key + " '" + path + "' must not contain '..'");
            }
        }
    }

    private static boolean flag(Object v, String key) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw new PreparationException("prepare." + key + " must be true or false, got '" + v + "'");
    }

    private static Map<String, String> stringMap(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new PreparationException("prepare." + key + " must be a map {raw name: new name}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> {
            // an empty raw name is allowed: pandas' unnamed index column ("" in the header)
            if (k == null || val == null || val.toString().isBlank() || val instanceof Map || val instanceof List) {
                throw new PreparationException("prepare." + key + ": every entry must map a name to a non-empty name");
            }
            out.put(k.toString().trim(), val.toString().trim());
        });
        return out;
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
