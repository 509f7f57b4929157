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

/**
 * A tiny raw dataset for a catalogue task in its competition's raw Kaggle layout, derived from the task definition
 * alone: the files of {@code prepare.raw_files} (inner archives such as {@code train.csv.zip} or
 * {@code train.zip (training.csv)} packed as such, {@code .gz} files gzipped, media files named by id as the layout's
 * {@code <id>} or {@code *} placeholders say, with a few dummy bytes each), the labelled table holding the id, a
 * feature, the group/time/stratify columns, the targets (label type from the metric, see {@link Labels}) and
 * {@code prepare.answer_columns}; the explicit {@code train_file}/{@code test_file}/{@code answers_file} of the
 * definition where it names them. DSBench tasks get DSBench's {@code data.zip} layout. A hand-made layout in
 * {@code src/test/resources/catalogue-raw/<task>/} replaces the synthetic one (custom preparations).
 *
 * <p>What it cannot know from the definition: raw column names that the preparation renames (e.g. a raw
 * {@code target} published as {@code prediction}): the raw table uses the task's target names.
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

    private RawDataSynthesizer(TaskDefinition task) {
        this.task = task;
        this.answerColumns = CatalogueGradingTest.answerColumns(task);
        this.pattern = String.valueOf(task.prepare().get("pattern"));
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
        Map<String, byte[]> content = new LinkedHashMap<>();
        List<String> trainIds = ids(0, TRAIN_ROWS);
        List<String> testIds = ids(TRAIN_ROWS, TEST_ROWS);
        content.put(train, labelled(train, 0, TRAIN_ROWS, true));
        if (test != null && !test.equals(train)) {
            content.put(test, givenTest && answers == null ? labelled(test, TRAIN_ROWS, TEST_ROWS, true)
                    : labelled(test, TRAIN_ROWS, TEST_ROWS, false));
        }
        if (answers != null) {
            content.put(answers, answersTable(TRAIN_ROWS, TEST_ROWS));
        }
        for (String f : files) {
            if (isTemplate(f)) {
                for (String id : givenTest ? concat(trainIds, testIds) : trainIds) {
                    content.put(instantiate(f, id), DUMMY);
                }
            } else if (!content.containsKey(f)) {
                content.put(f, filler(f, testIds));
            }
        }
        // pack: archives hold their members, .gz files their single member
        Map<String, byte[]> out = new TreeMap<>();
        Set<String> packed = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.members().isEmpty()) {
                continue;
            }
            Map<String, byte[]> inner = new TreeMap<>();
            for (Map.Entry<String, byte[]> c : content.entrySet()) {
                for (String m : e.members()) {
                    if (c.getKey().equals(m) || (isTemplate(m) && matchesTemplate(m, c.getKey()))) {
                        inner.put(c.getKey(), c.getValue());
                        packed.add(c.getKey());
                    }
                }
            }
            out.put(e.name(), e.name().endsWith(".gz") && inner.size() == 1 ? gzip(inner.values().iterator().next())
                    : e.name().endsWith(".zip") ? zip(inner) : DUMMY);
        }
        content.forEach((k, v) -> {
            if (!packed.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
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

    /** A table with the id, a feature, the split columns and (when labelled) the targets and answer columns. */
    private byte[] labelled(String file, int first, int rows, boolean withTargets) {
        List<String> header = new ArrayList<>(List.of(task.idColumn(), "feature_1"));
        String group = setting("group_column");
        String time = setting("time_column");
        String stratify = setting("stratify_column");
        if (group != null) {
            header.add(group);
        }
        if (time != null) {
            header.add(time);
        }
        if (withTargets && stratify != null && !task.targetColumns().contains(stratify) && !header.contains(stratify)) {
            header.add(stratify);
        }
        int fixed = header.size();
        List<List<String>> answers = Labels.answerRows(task, answerColumns, first, rows);
        if (withTargets) {
            header.addAll(task.targetColumns());
            header.addAll(answerColumns);
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int r = first + i;
            List<String> row = new ArrayList<>();
            row.add(answers.get(i).get(0));
            row.add(Integer.toString(r * 7 % 11));
            if (group != null) {
                row.add("g" + r / 4);
            }
            if (time != null) {
                row.add(String.format(Locale.ROOT, "2020-%02d-%02d", 1 + r / 28 % 12, 1 + r % 28));
            }
            if (row.size() < fixed) {
                row.add(Integer.toString(r % 2));
            }
            if (withTargets) {
                row.addAll(answers.get(i).subList(1, answers.get(i).size()));
            }
            out.add(row);
        }
        return encode(file, header, out);
    }

    private byte[] answersTable(int first, int rows) {
        List<String> header = new ArrayList<>();
        header.add(task.idColumn());
        header.addAll(task.targetColumns());
        header.addAll(answerColumns);
        return Catalogue.csv(header, Labels.answerRows(task, answerColumns, first, rows)).getBytes(StandardCharsets.UTF_8);
    }

    /** Any other raw file: a submission-like CSV for sample files, a small key/value CSV, or a few bytes. */
    private byte[] filler(String file, List<String> testIds) {
        String base = baseName(file);
        if ((base.contains("sample") || base.contains("submission")) && isTable(file)) {
            List<String> header = new ArrayList<>(List.of(task.idColumn()));
            header.addAll(task.targetColumns());
            List<List<String>> rows = new ArrayList<>();
            for (String id : testIds) {
                List<String> row = new ArrayList<>(List.of(id));
                task.targetColumns().forEach(t -> row.add("0"));
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
