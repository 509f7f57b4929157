package dev.mledojo.catalogue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.prepare.PreparationException;
import dev.mledojo.task.prepare.PrepareSpec;

/**
 * A tiny raw dataset for a catalogue task in its competition's raw Kaggle layout, derived from the task definition
 * alone. For the declarative patterns the recipe as the preparer parses it ({@link PrepareSpec}) decides what exists:
 * the labelled table ({@code train_file}, or class folders under {@code label_folders}) with the id, a feature, the
 * group/time/stratify columns, the columns media templates name, the dropped columns, the targets (label type from the
 * metric, see {@link Labels}) or the {@code one_hot_column}, and {@code prepare.answer_columns}, all under their raw
 * names ({@code rename_columns} undone); each row's media files (a few dummy bytes) at the {@code media} {@code from}
 * templates ({@code {column}} and {@code {column[k]}}); the given test and answers files; the {@code train_rows_only}
 * tables; the {@code copy} files; paths under {@code base_dir}. The other files of {@code prepare.raw_files} are added
 * as fillers, and inner archives it names ({@code train.csv.zip}, {@code train.json.7z}, {@code train.zip} holding
 * {@code train.csv}, {@code train.gz}) are packed as such. DSBench tasks get DSBench's {@code data.zip} layout. A
 * hand-made layout in {@code src/test/resources/catalogue-raw/<task>/} replaces the synthetic one (custom
 * preparations); a custom task without one gets the old guess from {@code raw_files} alone.
 */
final class RawDataSynthesizer {

    /** Labelled rows of a table the preparation splits. */
    static final int TRAIN_ROWS = 120;
    /** Rows of a given (unlabelled) test table. */
    static final int TEST_ROWS = 40;
    /** Hand-made raw layouts, one folder per task. */
    static final Path HAND_MADE = Path.of("src/test/resources/catalogue-raw");

    private static final Pattern PLACEHOLDER = Pattern.compile("<([^>]+)>");
    private static final byte[] DUMMY = "dummy\n".getBytes(StandardCharsets.UTF_8);

    private final TaskDefinition task;
    private final List<String> answerColumns;
    private final String pattern;
    /** The recipe as the preparer reads it; null when it does not parse (the import then fails on it anyway). */
    private final PrepareSpec spec;

    private RawDataSynthesizer(TaskDefinition task) {
        this.task = task;
        this.answerColumns = CatalogueGradingTest.answerColumns(task);
        this.pattern = String.valueOf(task.prepare().get("pattern"));
        PrepareSpec parsed;
        try {
            parsed = PrepareSpec.of(task);
        } catch (PreparationException e) {
            parsed = null;
        }
        this.spec = parsed;
    }

    /** The raw archive of a task, as Kaggle's download would answer it (a zip). */
    static byte[] archive(TaskDefinition task) {
        return zip(layout(task));
    }

    /** Whether the task has a hand-made raw layout. */
    static boolean handMade(String task) {
        return Files.isDirectory(HAND_MADE.resolve(task));
    }

    /** The raw layout: archive path → bytes (inner archives already packed). */
    static Map<String, byte[]> layout(TaskDefinition task) {
        if (handMade(task.id())) {
            return readTree(HAND_MADE.resolve(task.id()));
        }
        return new RawDataSynthesizer(task).synthesize();
    }

    // ---- the layout ---------------------------------------------------------------------------------------------

    /** One entry of raw_files: a file, a template ({@code train/<id>.jpg}) or an archive holding members. */
    private record Entry(String name, List<String> members) {
    }

    private Map<String, byte[]> synthesize() {
        String rawFiles = String.valueOf(task.prepare().getOrDefault("raw_files", ""));
        if (rawFiles.startsWith("DSBench data.zip:") || pattern.equals("dsbench_presplit")) {
            return dsbench();
        }
        List<Entry> entries = parse(rawFiles);
        List<String> files = new ArrayList<>();
        entries.forEach(e -> files.addAll(e.members().isEmpty() ? List.of(e.name()) : e.members()));
        Map<String, byte[]> content = new LinkedHashMap<>();
        boolean fromSpec = spec != null && spec.pattern() != PrepareSpec.Kind.CUSTOM
                && spec.pattern() != PrepareSpec.Kind.DSBENCH_PRESPLIT;
        if (fromSpec) {
            fromRecipe(content);
        } else {
            fromRawFiles(files, content);
        }
        for (String f : files) {
            if (isTemplate(f)) {
                if (!fromSpec || spec.media() == null) {
                    boolean givenTest = pattern.equals("use_given_test_with_answers");
                    for (String id : givenTest ? concat(ids(0, TRAIN_ROWS), ids(TRAIN_ROWS, TEST_ROWS)) : ids(0, TRAIN_ROWS)) {
                        content.put(instantiate(f, id), DUMMY);
                    }
                }
            } else if (!content.containsKey(f)) {
                content.put(f, filler(f, ids(TRAIN_ROWS, TEST_ROWS)));
            }
        }
        return pack(entries, content);
    }

    /**
     * The raw files the recipe reads, as {@link PrepareSpec} parses it: the labelled table ({@code train_file}, or the
     * class folders of {@code label_folders}) under raw column names ({@code rename_columns} undone) with the id, the
     * split columns, the columns the media templates name, the dropped columns, the targets (or the
     * {@code one_hot_column}) and the answer columns; every row's media files; the given test and answers files; the
     * {@code train_rows_only} tables; the {@code copy} files. Paths are relative to {@code base_dir}.
     */
    private void fromRecipe(Map<String, byte[]> content) {
        String base = spec.baseDir().isEmpty() ? "" : spec.baseDir().replaceAll("/+$", "") + "/";
        PrepareSpec.Media media = spec.media();
        boolean labelFolders = media != null && media.labelFolders() != null;
        if (spec.pattern() == PrepareSpec.Kind.USE_GIVEN_TEST_WITH_ANSWERS) {
            content.put(base + spec.trainFile(), labelled(spec.trainFile(), 0, TRAIN_ROWS, true));
            boolean answersInTest = spec.answersFile() == null;
            content.put(base + spec.testFile(), labelled(spec.testFile(), TRAIN_ROWS, TEST_ROWS, answersInTest));
            if (!answersInTest) {
                content.put(base + spec.answersFile(), answersTable(TRAIN_ROWS, TEST_ROWS));
            }
        } else if (!labelFolders) {
            content.put(base + spec.trainFile(), labelled(spec.trainFile(), 0, TRAIN_ROWS, true));
        }
        if (media != null) {
            List<Map<String, String>> rows = rows(0, TRAIN_ROWS, true);
            for (Map<String, String> row : rows) {
                if (labelFolders) {
                    content.put(base + media.labelFolders().replaceAll("/+$", "") + "/" + row.get(media.labelColumn()) + "/"
                            + row.get(task.idColumn()), DUMMY);
                }
                for (PrepareSpec.MediaRule rule : media.rules()) {
                    content.put(base + fill(rule.from(), row), DUMMY);
                }
            }
            for (String table : media.trainRowsOnly()) {
                List<List<String>> cells = new ArrayList<>();
                for (int r = 0; r < TRAIN_ROWS; r++) {
                    cells.add(List.of(rows.get(r).get(task.idColumn()), Integer.toString(r % 5)));
                    cells.add(List.of(rows.get(r).get(task.idColumn()), Integer.toString(r % 3)));
                }
                content.put(base + table, encode(table, List.of(rawName(task.idColumn()), "annotation"), cells));
            }
        }
        for (String c : spec.copy()) {
            String path = base + c;
            if (content.keySet().stream().anyMatch(k -> k.equals(path) || k.startsWith(path.replaceAll("/+$", "") + "/"))) {
                continue;
            }
            boolean folder = c.endsWith("/") || !baseName(c).contains(".");
            content.put(folder ? path.replaceAll("/+$", "") + "/file_1.bin" : path, folder ? DUMMY : filler(c, ids(TRAIN_ROWS, TEST_ROWS)));
        }
    }

    /** The old guess from {@code prepare.raw_files} alone, for recipes the preparer does not run declaratively. */
    private void fromRawFiles(List<String> files, Map<String, byte[]> content) {
        String train = setting("train_file");
        if (train == null) {
            train = files.stream().filter(f -> !isTemplate(f)).findFirst().orElse("train.csv");
        }
        String test = setting("test_file");
        if (test == null) {
            test = files.stream().filter(f -> !isTemplate(f) && baseName(f).contains("test")).findFirst().orElse(null);
        }
        String answers = setting("answers_file");
        boolean givenTest = pattern.equals("use_given_test_with_answers");
        if (givenTest && test == null) {
            test = "test.csv";
        }
        content.put(train, labelled(train, 0, TRAIN_ROWS, true));
        if (test != null && !test.equals(train)) {
            content.put(test, givenTest && answers == null ? labelled(test, TRAIN_ROWS, TEST_ROWS, true)
                    : labelled(test, TRAIN_ROWS, TEST_ROWS, false));
        }
        if (answers != null) {
            content.put(answers, answersTable(TRAIN_ROWS, TEST_ROWS));
        }
    }

    /**
     * Packs the files into the archives {@code raw_files} names: a zip or 7z holds its listed members (or the file of
     * the same stem, {@code train.zip} → {@code train.csv}), a {@code .gz} its single member; the rest stays loose.
     */
    private Map<String, byte[]> pack(List<Entry> entries, Map<String, byte[]> content) {
        Map<String, byte[]> out = new TreeMap<>();
        Set<String> packed = new LinkedHashSet<>();
        for (Entry e : entries) {
            boolean container = e.name().endsWith(".zip") || e.name().endsWith(".7z") || e.name().endsWith(".gz");
            if (!container || content.containsKey(e.name())) {
                continue;
            }
            List<String> members = new ArrayList<>(e.members());
            if (members.isEmpty()) {
                String stem = stem(e.name());
                content.keySet().stream().filter(k -> !k.contains("/") && stem(k).equals(stem) && !packed.contains(k))
                        .findFirst().ifPresent(members::add);
            }
            if (members.isEmpty()) {
                continue; // an archive whose content the recipe does not read: left out
            }
            Map<String, byte[]> inner = new TreeMap<>();
            for (Map.Entry<String, byte[]> c : content.entrySet()) {
                for (String m : members) {
                    if (!packed.contains(c.getKey())
                            && (c.getKey().equals(m) || (isTemplate(m) && matchesTemplate(m, c.getKey())))) {
                        inner.put(c.getKey(), c.getValue());
                    }
                }
            }
            if (inner.isEmpty()) {
                continue;
            }
            if (e.name().endsWith(".gz") && inner.size() != 1) {
                continue;
            }
            packed.addAll(inner.keySet());
            out.put(e.name(), e.name().endsWith(".gz") ? gzip(inner.values().iterator().next())
                    : e.name().endsWith(".7z") ? sevenZ(inner) : zip(inner));
        }
        content.forEach((k, v) -> {
            if (!packed.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code train.csv.zip} → {@code train}, {@code train.zip} → {@code train}, {@code train.csv} → {@code train}. */
    private static String stem(String name) {
        String b = name.substring(name.lastIndexOf('/') + 1);
        int dot = b.indexOf('.');
        return dot < 0 ? b : b.substring(0, dot);
    }

    /**
     * DSBench's {@code data.zip}: {@code data/data_resplit/<name>/{train,test,sample_submission}.csv},
     * {@code data/answers/<name>/test_answer.csv} and {@code data/task/<name>.txt} (PREPARE.md §1.3).
     */
    private Map<String, byte[]> dsbench() {
        String name = task.data().setting("competition");
        Map<String, byte[]> inner = new TreeMap<>();
        String dir = "data/data_resplit/" + name + "/";
        inner.put(dir + "train.csv", labelled("train.csv", 0, TRAIN_ROWS, true));
        inner.put(dir + "test.csv", labelled("test.csv", TRAIN_ROWS, TEST_ROWS, false));
        inner.put(dir + "sample_submission.csv", filler("sample_submission.csv", ids(TRAIN_ROWS, TEST_ROWS)));
        inner.put("data/answers/" + name + "/test_answer.csv", answersTable(TRAIN_ROWS, TEST_ROWS));
        inner.put("data/task/" + name + ".txt", ("Task " + name + "\n").getBytes(StandardCharsets.UTF_8));
        return new TreeMap<>(Map.of("data.zip", zip(inner)));
    }

    /** raw_files → entries; notes in parentheses that name no file are dropped. */
    private static List<Entry> parse(String rawFiles) {
        List<Entry> out = new ArrayList<>();
        for (String token : rawFiles.split(";")) {
            String t = token.strip();
            if (t.isEmpty()) {
                continue;
            }
            String name = t;
            List<String> members = new ArrayList<>();
            Matcher m = Pattern.compile("^(.*?)\\s*\\((.*)\\)\\s*$").matcher(t);
            if (m.matches()) {
                name = m.group(1);
                for (String item : m.group(2).split(",")) {
                    String i = item.strip().replaceAll("\\[[^\\]]*\\]", "");
                    if (!i.contains(" ") && (i.contains(".") || i.contains("/") || i.contains("<"))) {
                        members.add(i);
                    }
                }
            }
            name = name.replaceAll("\\[[^\\]]*\\]", "").strip();
            if (name.contains(" ") || name.isEmpty()) {
                // a description ("first raw file whose name contains 'train' (train_v2.csv)"): the named file
                if (members.isEmpty()) {
                    continue;
                }
                name = members.remove(0);
            }
            if (name.endsWith("/")) {
                out.add(new Entry(name, members));
                continue;
            }
            boolean container = name.endsWith(".zip") || name.endsWith(".7z")
                    || (name.endsWith(".gz") && !name.endsWith(".tar.gz"));
            if (!container) {
                members.clear();
            } else if (members.isEmpty()) {
                // train.csv.zip holds train.csv, train.gz holds train; a bare folder archive (images.zip) stays opaque
                String inner = name.substring(0, name.lastIndexOf('.'));
                if (inner.contains(".") || name.endsWith(".gz")) {
                    members.add(inner);
                }
            }
            out.add(new Entry(name, members));
        }
        // folders ("Cover/;UERD/ (*.jpg)"): the listed contents apply to every folder of the list; a folder becomes
        // plain files and templates below it
        List<String> folderContents = out.stream().filter(e -> e.name().endsWith("/") && !e.members().isEmpty())
                .map(Entry::members).findFirst().orElse(List.of("file_1.bin"));
        List<Entry> flat = new ArrayList<>();
        for (Entry e : out) {
            if (!e.name().endsWith("/")) {
                flat.add(e);
                continue;
            }
            for (String m : e.members().isEmpty() ? folderContents : e.members()) {
                flat.add(new Entry(e.name() + m, List.of()));
            }
        }
        return flat;
    }

    // ---- table contents -----------------------------------------------------------------------------------------

    private List<String> ids(int first, int rows) {
        List<String> ids = new ArrayList<>();
        for (int r = first; r < first + rows; r++) {
            ids.add(Labels.id(task, r));
        }
        return ids;
    }

    /**
     * A table with the id, a feature, the split columns, the columns media templates name, the dropped columns and
     * (when labelled) the targets, or the one-hot class column, and the answer columns; header under the raw names.
     */
    private byte[] labelled(String file, int first, int rows, boolean withTargets) {
        List<Map<String, String>> cells = rows(first, rows, withTargets);
        List<String> columns = new ArrayList<>(cells.get(0).keySet());
        List<List<String>> out = new ArrayList<>();
        for (Map<String, String> row : cells) {
            out.add(new ArrayList<>(row.values()));
        }
        return encode(file, columns.stream().map(this::rawName).toList(), out);
    }

    /** The rows of the labelled table: column (name after renaming) → value, in header order. */
    private List<Map<String, String>> rows(int first, int rows, boolean withTargets) {
        String group = setting("group_column");
        String time = setting("time_column");
        String stratify = setting("stratify_column");
        String oneHot = spec == null ? null : spec.oneHotColumn();
        List<String> targets = Catalogue.targets(task);
        List<String> mediaColumns = new ArrayList<>();
        if (spec != null && spec.media() != null) {
            for (PrepareSpec.MediaRule rule : spec.media().rules()) {
                for (String t : java.util.Arrays.asList(rule.from(), rule.train(), rule.test())) {
                    Matcher m = t == null ? null : PrepareSpec.PLACEHOLDER.matcher(t);
                    while (m != null && m.find()) {
                        mediaColumns.add(m.group(1));
                    }
                }
            }
            if (spec.media().labelColumn() != null) {
                mediaColumns.remove(spec.media().labelColumn());
            }
        }
        List<String> drop = spec == null ? List.of() : spec.dropColumns();
        List<List<String>> answers = Labels.answerRows(task, answerColumns, first, rows);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int r = first + i;
            List<String> a = answers.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            row.put(task.idColumn(), a.get(0));
            row.putIfAbsent("feature_1", Integer.toString(r * 7 % 11));
            if (group != null) {
                row.putIfAbsent(group, "g" + r / 4);
            }
            if (time != null) {
                row.putIfAbsent(time, String.format(Locale.ROOT, "2020-%02d-%02d", 1 + r / 28 % 12, 1 + r % 28));
            }
            if (withTargets && stratify != null) {
                row.putIfAbsent(stratify, Integer.toString(r % 2));
            }
            for (String c : mediaColumns) {
                row.putIfAbsent(c, "m" + r % 3);
            }
            for (String c : drop) {
                row.putIfAbsent(c, "dropped " + r);
            }
            if (withTargets) {
                if (oneHot != null) {
                    // the class whose one-hot column holds the 1 in the synthetic answers
                    row.put(oneHot, targets.get(r % targets.size()));
                } else {
                    for (int t = 0; t < targets.size(); t++) {
                        row.put(targets.get(t), a.get(1 + t));
                    }
                }
                if (spec != null && spec.media() != null && spec.media().labelColumn() != null) {
                    String label = spec.media().labelColumn();
                    row.putIfAbsent(label, "class_" + r % 3);
                }
                for (int e = 0; e < answerColumns.size(); e++) {
                    row.put(answerColumns.get(e), a.get(1 + targets.size() + e));
                }
            }
            out.add(row);
        }
        return out;
    }

    /** The raw name of a column the recipe renames ({@code rename_columns} maps raw → new). */
    private String rawName(String column) {
        if (spec != null) {
            for (Map.Entry<String, String> e : spec.renameColumns().entrySet()) {
                if (e.getValue().equals(column)) {
                    return e.getKey();
                }
            }
        }
        return column;
    }

    /** A media template with a row's values ({@code {column}}, {@code {column[k]}}). */
    private static String fill(String template, Map<String, String> row) {
        Matcher m = PrepareSpec.PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = row.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("the synthetic row has no column '" + m.group(1) + "' for " + template);
            }
            if (m.group(2) != null) {
                v = String.valueOf(v.charAt(Integer.parseInt(m.group(2))));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private byte[] answersTable(int first, int rows) {
        List<String> header = new ArrayList<>();
        header.add(task.idColumn());
        header.addAll(Catalogue.targets(task));
        header.addAll(answerColumns);
        return Catalogue.csv(header, Labels.answerRows(task, answerColumns, first, rows)).getBytes(StandardCharsets.UTF_8);
    }

    /** Any other raw file: a submission-like CSV for sample files, a small key/value CSV, or a few bytes. */
    private byte[] filler(String file, List<String> testIds) {
        String base = baseName(file);
        if ((base.contains("sample") || base.contains("submission")) && isTable(file)) {
            List<String> header = new ArrayList<>(List.of(task.idColumn()));
            header.addAll(Catalogue.targets(task));
            List<List<String>> rows = new ArrayList<>();
            for (String id : testIds) {
                List<String> row = new ArrayList<>(List.of(id));
                Catalogue.targets(task).forEach(t -> row.add("0"));
                rows.add(row);
            }
            return encode(file, header, rows);
        }
        if (isTable(file)) {
            return encode(file, List.of("key", "value"), List.of(List.of("k1", "1"), List.of("k2", "2")));
        }
        return DUMMY;
    }

    /** CSV (TSV for .tsv, JSON records for .json) of a header and rows. */
    private static byte[] encode(String file, List<String> header, List<List<String>> rows) {
        String base = file.toLowerCase(Locale.ROOT);
        if (base.endsWith(".json")) {
            StringBuilder sb = new StringBuilder("[");
            for (int r = 0; r < rows.size(); r++) {
                sb.append(r == 0 ? "" : ",").append('{');
                for (int c = 0; c < header.size(); c++) {
                    sb.append(c == 0 ? "" : ",").append(quote(header.get(c))).append(':').append(quote(rows.get(r).get(c)));
                }
                sb.append('}');
            }
            return sb.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
        }
        if (base.endsWith(".tsv")) {
            StringBuilder sb = new StringBuilder(String.join("\t", header)).append('\n');
            rows.forEach(r -> sb.append(String.join("\t", r)).append('\n'));
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (base.endsWith(".parquet") || base.endsWith(".xls")) {
            return DUMMY;
        }
        return Catalogue.csv(header, rows).getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean isTable(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".csv") || f.endsWith(".tsv") || f.endsWith(".json") || !baseName(f).contains(".");
    }

    // ---- templates ----------------------------------------------------------------------------------------------

    private static boolean isTemplate(String f) {
        return f.contains("<") || f.contains("*");
    }

    /** {@code train/<id>.jpg} → {@code train/1003.jpg}; other placeholders get a fixed value. */
    private String instantiate(String template, String id) {
        Matcher m = PLACEHOLDER.matcher(template.replace("*", "<id>"));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String p = m.group(1).toLowerCase(Locale.ROOT);
            String v = p.equals(task.idColumn().toLowerCase(Locale.ROOT)) || p.equals("id") || p.contains("id")
                    || p.contains("name") || p.contains("image") ? id : p.contains("first char") ? id.substring(0, 1) : "x";
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static boolean matchesTemplate(String template, String path) {
        String regex = Pattern.quote(template.replace("*", "<id>")).replaceAll("<[^>]+>", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String setting(String key) {
        Object v = task.prepare().get(key);
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
    }

    private static String baseName(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A zip of path → bytes, entries in path order (stable bytes apart from the zip's time stamps). */
    static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(f.getKey());
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A 7z archive (LZMA2, commons-compress) of path → bytes. */
    private static byte[] sevenZ(Map<String, byte[]> files) {
        try {
            Path tmp = Files.createTempFile("synth", ".7z");
            try {
                try (org.apache.commons.compress.archivers.sevenz.SevenZOutputFile out =
                        new org.apache.commons.compress.archivers.sevenz.SevenZOutputFile(tmp.toFile())) {
                    for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                        org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry e =
                                new org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry();
                        e.setName(f.getKey());
                        e.setDirectory(false);
                        out.putArchiveEntry(e);
                        out.write(f.getValue());
                        out.closeArchiveEntry();
                    }
                }
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> readTree(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
