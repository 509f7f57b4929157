package dev.mledojo.task.prepare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVPrinter;

import dev.mledojo.files.FileOps;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.ExecutionRequest;
import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.task.FeedbackSplit;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.prepare.PrepareSpec.Kind;

/**
 * Turns a raw data directory (an extracted competition archive) into a task version's prepared data, driven by the
 * task definition's {@code prepare:} section: {@code public/} (train.csv, test.csv without the targets,
 * sample_submission.csv with a constant placeholder, description.md, copied files) and {@code private/}
 * (answers.csv = id + targets, split.csv = feedback/final part per id).
 *
 * <p>Deterministic: the same raw files and the same definition give byte-identical output (no timestamps, seeded
 * shuffles, files in a fixed order). The work happens in a staging sibling of the output directory that is moved into
 * place at the end, so a failed preparation leaves nothing behind. Pattern {@code custom} runs the task's
 * {@code prepare/prepare.py} in the sandbox with the raw data read-only at {@code /data} and the output directory as
 * the workspace.
 */
public final class Preparer {

    public static final String ANSWERS = "private/answers.csv";
    public static final String SPLIT = "private/split.csv";
    public static final String SAMPLE = "public/sample_submission.csv";
    private static final Set<String> RESERVED = Set.of("train.csv", "test.csv", "sample_submission.csv", "description.md");
    private static final Set<String> BOOLEANS = Set.of("True", "False", "true", "false", "TRUE", "FALSE");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final CodeExecutor executor;
    private final SandboxLimits scriptLimits;

    /** A preparer for the declarative patterns only (pattern {@code custom} fails with a clear message). */
    public Preparer() {
        this(null, SandboxLimits.defaults());
    }

    /**
     * @param executor runs custom preparation scripts; null when none is available
     * @param scriptLimits limits of one custom script run (the workspace limit bounds the prepared data)
     */
    public Preparer(CodeExecutor executor, SandboxLimits scriptLimits) {
        this.executor = executor;
        this.scriptLimits = Objects.requireNonNull(scriptLimits, "scriptLimits");
    }

    /**
     * Prepares one version.
     *
     * @param rawDir the extracted archive (read only)
     * @param taskFolder the task's folder ({@code tasks/<id>}), needed by pattern {@code custom}; may be null otherwise
     * @param outputDir the directory to create (a staging folder the caller then stores data-addressed); must not exist
     * @param progress receives the step being worked on and the share done; may be null
     * @throws PreparationException when the data or the definition do not allow a valid preparation (nothing written)
     */
    public PreparationReport prepare(Path rawDir, TaskDefinition task, Path taskFolder, Path outputDir,
            Consumer<Progress> progress) {
        PrepareSpec spec = PrepareSpec.of(task);
        if (!Files.isDirectory(rawDir)) {
            throw new PreparationException("the raw data directory " + rawDir + " does not exist");
        }
        if (Files.exists(outputDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new PreparationException("the output directory " + outputDir
                    + " already exists; prepared data is immutable (prepare into a fresh folder)");
        }
        Path staging = FileOps.stagingSibling(outputDir, "preparing");
        Job job = new Job(task, spec, rawDir, staging, progress);
        boolean done = false;
        try {
            Files.createDirectories(staging.resolve("public"));
            Files.createDirectories(staging.resolve("private"));
            job.report("reading the definition (pattern " + spec.pattern().wireName() + ")", 0);
            switch (spec.pattern()) {
                case SPLIT_TRAIN_CSV, IMAGE_FOLDER_SPLIT, GROUP_SPLIT, TIME_SPLIT -> job.split();
                case USE_GIVEN_TEST_WITH_ANSWERS, DSBENCH_PRESPLIT -> job.givenTest();
                case CUSTOM -> job.custom(taskFolder);
                default -> throw new IllegalStateException(spec.pattern().toString());
            }
            job.report("copying extra files", 0.8);
            job.copyExtras();
            job.report("writing description and feedback split", 0.85);
            Files.writeString(staging.resolve("public/description.md"), task.description(), StandardCharsets.UTF_8);
            job.requireOutputs();
            writeSplit(task, staging);
            job.report("computing checksums", 0.9);
            List<PreparationReport.FileEntry> files = inventory(staging);
            Files.createDirectories(outputDir.toAbsolutePath().getParent());
            Files.move(staging, outputDir, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            job.report("done", 1);
            boolean seeded = spec.pattern().seeded();
            return new PreparationReport(task.id(), spec.pattern().wireName(), seeded ? spec.seed() : null,
                    job.testShare, files, job.warnings);
        } catch (IOException e) {
            throw new PreparationException("preparing " + task.id() + " failed on the disk: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new PreparationException("preparing " + task.id() + " failed on the disk: " + e.getMessage(), e);
        } finally {
            if (!done) {
                FileOps.deleteRecursively(staging);
            }
        }
    }

    /** {@code private/split.csv} exactly as {@code TaskDataService} computes it, so both always agree. */
    static void writeSplit(TaskDefinition task, Path dir) {
        Table answers = CsvTables.read(dir.resolve(ANSWERS));
        List<String> ids = List.of(answers.strings(task.idColumn()));
        Map<String, FeedbackSplit.Part> parts = FeedbackSplit.assign(ids, task.feedbackFraction(), FeedbackSplit.seedOf(task));
        List<List<String>> rows = new ArrayList<>(parts.size());
        parts.forEach((id, part) -> rows.add(List.of(id, part.wireName())));
        CsvTables.write(dir.resolve(SPLIT), List.of("id", "part"), rows);
    }

    static List<PreparationReport.FileEntry> inventory(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<PreparationReport.FileEntry> files = new ArrayList<>();
            for (Path p : walk.filter(x -> Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS))
                    .sorted((a, b) -> FileOps.relative(dir, a).compareTo(FileOps.relative(dir, b))).toList()) {
                String rel = FileOps.relative(dir, p);
                Integer rows = rel.toLowerCase(Locale.ROOT).endsWith(".csv") ? CsvStream.countRows(p) : null;
                files.add(new PreparationReport.FileEntry(rel, Files.size(p), FileOps.sha256(p), rows));
            }
            return files;
        }
    }

    // ---- one preparation -----------------------------------------------------------------------------------------

    private final class Job {
        final TaskDefinition task;
        final PrepareSpec spec;
        final Path raw;
        final Path rawBase;
        final Path out;
        final Consumer<Progress> progress;
        final List<String> warnings = new ArrayList<>();
        final MetricContext context;
        double lastFraction;
        Double testShare;
        /**
         * The answer columns after the id: the listed target columns, for {@code all_after_id} the answers file's columns
         * after the id, or the classes of {@code one_hot_column} (set once the labels are read).
         */
        List<String> targets;
        /** The column whose values become one-hot answer columns (image_folder_split), or null. */
        final String oneHot;
        /** Per-row file placement: hard links while the file system allows them, copies otherwise. */
        boolean hardLinks = true;
        final Map<String, Integer> optionalMissing = new java.util.LinkedHashMap<>();

        Job(TaskDefinition task, PrepareSpec spec, Path raw, Path out, Consumer<Progress> progress) {
            this.task = task;
            this.spec = spec;
            try {
                this.raw = raw.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.rawBase = this.raw.resolve(spec.baseDir()).normalize();
            if (!rawBase.startsWith(this.raw)) {
                throw new PreparationException("prepare.base_dir '" + spec.baseDir() + "' leaves the raw directory");
            }
            this.out = out;
            this.progress = progress;
            if (task.submission().compositeId() && spec.pattern() != Kind.CUSTOM) {
                throw new PreparationException("a composite id (" + task.idColumnsLabel() + ") needs pattern custom: the "
                        + "declarative patterns key rows by one id column");
            }
            this.targets = targets();
            this.context = new MetricContext(task.idColumn(), targets, task.metricParams());
            this.warnings.addAll(spec.warnings());
            this.oneHot = spec.oneHotColumn();
        }

        CsvStream open(Path file, String name) {
            return CsvStream.open(file, name, spec.renameColumns());
        }

        private List<String> targets() {
            if (spec.oneHotColumn() != null) {
                return List.of(); // the classes, known once the labels are read
            }
            if (!task.targetsAfterId() || spec.pattern() == Kind.CUSTOM) {
                return task.targetColumns();
            }
            if (spec.answersFile() == null) {
                throw new PreparationException("target_columns: all_after_id takes the targets from the answers file's "
                        + "header; pattern " + spec.pattern().wireName() + " needs prepare.answers_file for that (or use "
                        + "pattern custom)");
            }
            Path file = rawFile(spec.answersFile(), "answers_file");
            List<String> header;
            try (CsvStream in = CsvStream.open(file, rawName(file))) {
                header = in.header();
                in.column(task.idColumn(), "id");
            }
            List<String> after = new ArrayList<>(task.targetColumns(header));
            after.removeAll(spec.answerColumns());
            if (after.isEmpty()) {
                throw new PreparationException("'" + spec.answersFile() + "' has no column after the id column '"
                        + task.idColumn() + "', so all_after_id names no target");
            }
            return List.copyOf(after);
        }

        void report(String step, double fraction) {
            double f = Math.max(lastFraction, Math.min(1, fraction));
            lastFraction = f;
            if (progress != null) {
                progress.accept(new Progress(step, f));
            }
        }

        /** A raw file named by the definition; it must stay inside the raw directory, links included. */
        Path rawFile(String name, String key) {
            Path p = rawBase.resolve(name).normalize();
            if (!p.startsWith(raw)) {
                throw new PreparationException("prepare." + key + " '" + name + "' leaves the raw directory");
            }
            if (Files.exists(p)) {
                try {
                    if (!p.toRealPath().startsWith(raw)) {
                        throw new PreparationException("prepare." + key + " '" + name + "' links outside the raw directory");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return p;
        }

        String rawName(Path p) {
            return FileOps.relative(raw, p);
        }

        // ---- split_train_csv, group_split, time_split ----

        void split() throws IOException {
            boolean image = spec.pattern() == Kind.IMAGE_FOLDER_SPLIT;
            PrepareSpec.Media media = spec.media();
            Path file;
            String name;
            if (image && media.labelFolders() != null) {
                file = labelTableFromFolders(media);
                name = "the table built from the folders of '" + media.labelFolders() + "'";
            } else {
                file = rawFile(spec.trainFile(), "train_file");
                name = rawName(file);
            }
            String keyColumn = switch (spec.pattern()) {
                case GROUP_SPLIT -> spec.groupColumn();
                case TIME_SPLIT -> spec.timeColumn();
                default -> spec.stratifyColumn();
            };
            String role = switch (spec.pattern()) {
                case GROUP_SPLIT -> "group";
                case TIME_SPLIT -> "time";
                default -> "stratify";
            };
            // pass 1: count the rows and keep only the column the split needs (and the ids when rows own files)
            List<String> keys = new ArrayList<>();
            List<String> ids = image ? new ArrayList<>() : null;
            java.util.TreeSet<String> classes = new java.util.TreeSet<>();
            int rows = 0;
            try (CsvStream in = open(file, name)) {
                checkColumns(in, name, true);
                int keyIdx = keyColumn == null ? -1 : in.column(keyColumn, role);
                int idIdx = in.column(task.idColumn(), "id");
                int hotIdx = oneHot == null ? -1 : in.column(oneHot, "one_hot");
                for (String[] row : in) {
                    rows++;
                    if (keyIdx >= 0) {
                        keys.add(row[keyIdx]);
                    }
                    if (ids != null) {
                        ids.add(row[idIdx]);
                    }
                    if (hotIdx >= 0) {
                        if (Splits.missing(row[hotIdx])) {
                            throw new PreparationException("row " + rows + " of '" + name + "' has no value in one_hot_column '"
                                    + oneHot + "'");
                        }
                        classes.add(row[hotIdx]);
                    }
                    if ((rows & 0xFFFF) == 0) {
                        report("reading " + name + " (" + rows + " rows)", 0.3 * in.fractionRead());
                    }
                }
            }
            if (oneHot != null) {
                targets = List.copyOf(classes);
            }
            BitSet dropped = image ? duplicates(ids, name, media.dropDuplicateIds()) : new BitSet();
            int kept = rows - dropped.cardinality();
            report("splitting " + kept + " rows", 0.3);
            String[] keyCells = new String[keys.isEmpty() ? 0 : kept];
            for (int r = 0, k = 0; r < keys.size(); r++) {
                if (!dropped.get(r)) {
                    keyCells[k++] = keys.get(r);
                }
            }
            BitSet test = switch (spec.pattern()) {
                case GROUP_SPLIT -> Splits.groups(keyCells, spec.testFraction(), spec.seed());
                case TIME_SPLIT -> Splits.time(keyCells, spec.testFraction(), keyColumn, warnings);
                default -> keyColumn == null ? Splits.random(kept, spec.testFraction(), spec.seed())
                        : Splits.stratified(keyCells, spec.testFraction(), spec.seed());
            };
            if (spec.pattern() == Kind.GROUP_SPLIT && keys.stream().anyMatch(Splits::missing)) {
                warnings.add("some rows have no value in group column '" + keyColumn + "'; they form one group");
            }
            testShare = (double) test.cardinality() / kept;
            if (Math.abs(testShare - spec.testFraction()) > 0.01) {
                warnings.add(String.format(Locale.ROOT, "the test set holds %.4f of the rows, requested %s",
                        testShare, spec.testFraction()));
            }
            Set<String> trainIds = image && !media.trainRowsOnly().isEmpty() ? new HashSet<>() : null;
            // pass 2: route every row (and, for image_folder_split, the files it owns)
            try (CsvStream in = open(file, name); Router router = new Router(in, name, true)) {
                MediaRouter files = image ? new MediaRouter(in.header(), router.hidden) : null;
                int r = 0;
                int k = 0;
                for (String[] row : in) {
                    if (dropped.get(r++)) {
                        continue;
                    }
                    boolean toTest = test.get(k++);
                    if (toTest) {
                        router.test(row, row);
                    } else {
                        router.train(row);
                        if (trainIds != null) {
                            trainIds.add(row[router.idIdx]);
                        }
                    }
                    if (files != null) {
                        files.route(row, toTest);
                    }
                    if ((r & 0xFFFF) == 0) {
                        report("writing train/test (" + r + " of " + rows + " rows)", 0.3 + 0.45 * in.fractionRead());
                    }
                }
                router.finish();
            }
            if (image) {
                if (media.labelFolders() != null) {
                    Files.delete(file);
                }
                optionalMissing.forEach((rule, n) -> warnings.add(n + " rows have no file for the optional media '" + rule
                        + "'; they were published without it"));
                if (trainIds != null) {
                    trainRowsOnly(media.trainRowsOnly(), trainIds);
                }
            }
        }

        /** Rows to leave out for repeated ids (all of them, when allowed), or an error naming the repeated ids. */
        private BitSet duplicates(List<String> ids, String name, boolean drop) {
            Map<String, Integer> counts = new HashMap<>();
            for (int r = 0; r < ids.size(); r++) {
                String id = ids.get(r);
                if (Splits.missing(id)) {
                    throw new PreparationException("row " + (r + 1) + " of '" + name + "' has no id in column '"
                            + task.idColumn() + "'; every row of pattern image_folder_split names its files by id");
                }
                counts.merge(id, 1, Integer::sum);
            }
            List<String> repeated = new ArrayList<>();
            BitSet dropped = new BitSet(ids.size());
            for (int r = 0; r < ids.size(); r++) {
                if (counts.get(ids.get(r)) > 1) {
                    dropped.set(r);
                    if (!repeated.contains(ids.get(r)) && repeated.size() < 5) {
                        repeated.add(ids.get(r));
                    }
                }
            }
            if (dropped.isEmpty()) {
                return dropped;
            }
            if (!drop) {
                throw new PreparationException("'" + name + "' repeats ids of column '" + task.idColumn() + "' (e.g. "
                        + String.join(", ", repeated) + "); the rows of one id would share files on both sides. Fix the "
                        + "data or set prepare.drop_duplicate_ids: true to leave those rows out");
            }
            warnings.add(dropped.cardinality() + " rows with a repeated id were left out (drop_duplicate_ids), e.g. "
                    + String.join(", ", repeated));
            return dropped;
        }

        /** Lists {@code <label_folders>/<class>/<file>} as a table (file name, class) in the staging directory. */
        private Path labelTableFromFolders(PrepareSpec.Media media) throws IOException {
            Path dir = rawFile(media.labelFolders(), "label_folders");
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new PreparationException("prepare.label_folders '" + media.labelFolders()
                        + "' is not a folder of the raw data");
            }
            Path table = out.resolve(".labels.csv");
            int n = 0;
            try (CSVPrinter p = CsvStream.printer(table, List.of(task.idColumn(), media.labelColumn()));
                    Stream<Path> classDirs = Files.list(dir)) {
                for (Path c : classDirs.sorted().toList()) {
                    String cls = c.getFileName().toString();
                    if (cls.startsWith(".") || !Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(c)) {
                        for (Path f : files.sorted().toList()) {
                            String fn = f.getFileName().toString();
                            if (!fn.startsWith(".") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                                p.printRecord(fn, cls);
                                n++;
                            }
                        }
                    }
                }
            }
            if (n == 0) {
                throw new PreparationException("prepare.label_folders '" + media.labelFolders()
                        + "' holds no class sub-folder with files");
            }
            return table;
        }

        /** Publishes raw tables with only the rows whose id is a train id (annotations that would reveal test labels). */
        private void trainRowsOnly(List<String> tables, Set<String> trainIds) throws IOException {
            for (String t : tables) {
                Path src = rawFile(t, "train_rows_only");
                if (!src.startsWith(rawBase) || src.equals(rawBase)) {
                    throw new PreparationException("prepare.train_rows_only names '" + t + "'; it must lie inside "
                            + (spec.baseDir().isEmpty() ? "the raw directory" : "base_dir '" + spec.baseDir() + "'"));
                }
                String rel = FileOps.relative(rawBase, src);
                if (RESERVED.contains(rel)) {
                    throw new PreparationException("prepare.train_rows_only names '" + t + "', but public/" + rel
                            + " is written by the preparer");
                }
                int keptRows = 0;
                try (CsvStream in = open(src, rawName(src));
                        CSVPrinter p = CsvStream.printer(out.resolve("public").resolve(rel), in.header())) {
                    int idx = in.column(task.idColumn(), "id");
                    for (String[] row : in) {
                        if (trainIds.contains(row[idx])) {
                            p.printRecord((Object[]) row);
                            keptRows++;
                        }
                    }
                }
                report("published " + rel + " (" + keptRows + " train rows)", 0.76);
            }
        }

        /** Places the files a labelled row owns under {@code public/}, on the side the split gave the row. */
        private final class MediaRouter {
            final Map<String, Integer> columns = new HashMap<>();
            final List<PrepareSpec.MediaRule> rules = spec.media().rules();
            final Path pub = out.resolve("public");

            MediaRouter(List<String> header, Set<String> hidden) {
                for (int i = 0; i < header.size(); i++) {
                    columns.put(header.get(i), i);
                }
                for (PrepareSpec.MediaRule rule : rules) {
                    check(rule.from(), "from", Set.of());
                    check(rule.train(), "train", Set.of());
                    if (rule.test() != null) {
                        check(rule.test(), "test", hidden);
                    }
                }
            }

            private void check(String template, String key, Set<String> hidden) {
                java.util.regex.Matcher m = PrepareSpec.PLACEHOLDER.matcher(template);
                while (m.find()) {
                    String col = m.group(1);
                    if (!columns.containsKey(col)) {
                        throw new PreparationException("prepare.media " + key + " '" + template + "' names the column '" + col
                                + "', which the labelled table does not have (columns: "
                                + CsvStream.abbreviate(new ArrayList<>(columns.keySet().stream().sorted().toList())) + ")");
                    }
                    if (hidden.contains(col)) {
                        throw new PreparationException("prepare.media test '" + template + "' names the column '" + col
                                + "', which is hidden from the test set: the file path would reveal it");
                    }
                }
            }

            String fill(String template, String[] row, String key) {
                java.util.regex.Matcher m = PrepareSpec.PLACEHOLDER.matcher(template);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String col = m.group(1);
                    String v = row[columns.get(col)];
                    if (m.group(2) != null) {
                        int k = Integer.parseInt(m.group(2));
                        if (k >= v.length()) {
                            throw new PreparationException("prepare.media " + key + " '" + template + "': the value '" + v
                                    + "' of column '" + col + "' has no character " + k);
                        }
                        v = String.valueOf(v.charAt(k));
                    }
                    if (v.isEmpty() || v.equals(".") || v.equals("..") || v.indexOf('/') >= 0 || v.indexOf('\\') >= 0
                            || v.indexOf('\0') >= 0) {
                        throw new PreparationException("the value '" + v + "' of column '" + col
                                + "' cannot be part of a file path (prepare.media " + key + " '" + template + "')");
                    }
                    m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
                }
                m.appendTail(sb);
                return sb.toString();
            }

            void route(String[] row, boolean toTest) throws IOException {
                for (PrepareSpec.MediaRule rule : rules) {
                    String target = toTest ? rule.test() : rule.train();
                    if (target == null) {
                        continue; // train_only
                    }
                    String from = fill(rule.from(), row, "from");
                    Path src = rawFile(from, "media from");
                    if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                        if (rule.optional()) {
                            optionalMissing.merge(rule.from(), 1, Integer::sum);
                            continue;
                        }
                        throw new PreparationException("the raw data has no file '" + rawName(src) + "' for the row with "
                                + task.idColumn() + " '" + row[columns.get(task.idColumn())] + "' (prepare.media from '"
                                + rule.from() + "'; mark the entry optional: true if some rows have none)");
                    }
                    String to = fill(target, row, toTest ? "test" : "train");
                    Path dst = pub.resolve(to).normalize();
                    if (!dst.startsWith(pub) || dst.equals(pub) || RESERVED.contains(FileOps.relative(pub, dst))) {
                        throw new PreparationException("prepare.media " + (toTest ? "test" : "train") + " '" + target
                                + "' gives the path '" + to + "', which is not a free place inside public/");
                    }
                    place(src, dst);
                }
            }
        }

        /** A file or a whole folder from the raw data to {@code dst}: hard links where possible, copies otherwise. */
        private void place(Path src, Path dst) throws IOException {
            if (Files.isSymbolicLink(src)) {
                throw new PreparationException("'" + rawName(src) + "' is a link; only real files are published");
            }
            if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                placeFile(src, dst);
                return;
            }
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path p : walk.sorted().toList()) {
                    Path target = dst.resolve(FileOps.relative(src, p)).normalize();
                    if (Files.isSymbolicLink(p)) {
                        throw new PreparationException("'" + rawName(p) + "' is a link; only real files are published");
                    }
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        if (p.equals(src) && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                            throw collision(target);
                        }
                        Files.createDirectories(target);
                    } else {
                        placeFile(p, target);
                    }
                }
            }
        }

        private void placeFile(Path src, Path dst) throws IOException {
            if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
                throw collision(dst);
            }
            Files.createDirectories(dst.getParent());
            if (hardLinks) {
                try {
                    Files.createLink(dst, src);
                    return;
                } catch (IOException | UnsupportedOperationException | SecurityException e) {
                    hardLinks = false; // another file system, or links not allowed: copy from now on
                }
            }
            Files.copy(src, dst);
        }

        private PreparationException collision(Path dst) {
            return new PreparationException("two rows publish the same file '" + FileOps.relative(out, dst)
                    + "'; each media template must name one file per row (use the id column)");
        }

        // ---- use_given_test_with_answers, dsbench_presplit ----

        void givenTest() throws IOException {
            Path trainPath = rawFile(spec.trainFile(), "train_file");
            Path testPath = rawFile(spec.testFile(), "test_file");
            String trainName = rawName(trainPath);
            String testName = rawName(testPath);
            Map<String, String[]> answers = null;
            List<String> answerHeader = answerHeader();
            if (spec.answersFile() != null) {
                Path answersPath = rawFile(spec.answersFile(), "answers_file");
                answers = readAnswers(answersPath, rawName(answersPath), answerHeader);
            }
            report("reading " + testName, 0.05);
            try (CsvStream testIn = open(testPath, testName); Router router = new Router(testIn, testName, answers == null)) {
                if (answers == null) {
                    checkColumns(testIn, testName, true);
                } else {
                    testIn.column(task.idColumn(), "id");
                }
                report("writing " + trainName, 0.1);
                try (CsvStream trainIn = open(trainPath, trainName)) {
                    router.copyTrain(trainIn, trainName);
                }
                report("writing test and answers", 0.5);
                int idIdx = testIn.column(task.idColumn(), "id");
                Set<String> used = new HashSet<>();
                List<String> missing = new ArrayList<>();
                int missingCount = 0;
                for (String[] row : testIn) {
                    String[] answerRow = row;
                    if (answers != null) {
                        String[] a = answers.get(row[idIdx]);
                        if (a == null) {
                            missingCount++;
                            if (missing.size() < 5) {
                                missing.add(row[idIdx]);
                            }
                            continue;
                        }
                        used.add(row[idIdx]);
                        answerRow = a;
                    }
                    router.test(row, answerRow);
                }
                if (missingCount > 0) {
                    throw new PreparationException(missingCount + " test ids of '" + testName + "' have no answer in '"
                            + spec.answersFile() + "', e.g. " + String.join(", ", missing));
                }
                if (answers != null && used.size() < answers.size()) {
                    warnings.add((answers.size() - used.size()) + " rows of '" + spec.answersFile()
                            + "' have ids that are not in the test file; they were left out of the answers");
                }
                router.finish();
            }
        }

        /** The answer columns in the order written: id, targets, extra answer columns. */
        List<String> answerHeader() {
            List<String> h = new ArrayList<>();
            h.add(task.idColumn());
            h.addAll(targets);
            for (String c : spec.answerColumns()) {
                if (!h.contains(c)) {
                    h.add(c);
                }
            }
            return h;
        }

        /** The answers file as id -> full-width row (cells at the positions the answer header needs). */
        private Map<String, String[]> readAnswers(Path file, String name, List<String> answerHeader) {
            report("reading " + name, 0.02);
            Map<String, String[]> byId = new HashMap<>();
            try (CsvStream in = open(file, name)) {
                int[] idx = new int[answerHeader.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = in.column(answerHeader.get(i), i == 0 ? "id" : targets.contains(answerHeader.get(i))
                            ? "target" : "answer");
                }
                for (String[] row : in) {
                    if (byId.put(row[idx[0]], row) != null) {
                        throw new PreparationException("'" + name + "' repeats the id '" + row[idx[0]] + "'");
                    }
                }
                answerIndex = idx;
            }
            return byId;
        }

        /** Where the answer columns sit in the rows of the answers file (null: they come from the test rows). */
        int[] answerIndex;

        void checkColumns(CsvStream in, String name, boolean withTargets) {
            in.column(task.idColumn(), "id");
            if (targets.contains(task.idColumn())) {
                throw new PreparationException("the id column '" + task.idColumn() + "' is also listed as a target");
            }
            if (withTargets && oneHot == null) {
                for (String t : targets) {
                    in.column(t, "target");
                }
            }
            for (String c : spec.answerColumns()) {
                in.column(c, "answer");
            }
        }

        // ---- custom ----

        void custom(Path taskFolder) throws IOException {
            if (taskFolder == null) {
                throw new PreparationException("pattern custom needs the task folder (for " + spec.script() + ")");
            }
            Path script = taskFolder.resolve(spec.script()).normalize();
            if (!script.startsWith(taskFolder.normalize()) || !Files.isRegularFile(script)) {
                throw new PreparationException("pattern custom needs the script " + spec.script() + " in the task folder "
                        + taskFolder.getFileName());
            }
            if (executor == null) {
                throw new PreparationException("pattern custom needs the sandbox, but no code executor is configured");
            }
            String code = Files.readString(script, StandardCharsets.UTF_8);
            Path info = out.resolve(".dojo-task.json");
            Files.writeString(info, taskJson(), StandardCharsets.UTF_8);
            report("running " + spec.script() + " in the sandbox", 0.05);
            ExecutionResult result = executor.run(new ExecutionRequest(code, out, raw, scriptLimits));
            Files.deleteIfExists(info);
            if (!result.succeeded()) {
                String why = switch (result.outcome()) {
                    case SANDBOX_ERROR -> "the sandbox could not run it";
                    case ERROR -> "it failed with exit status " + result.exitCode();
                    default -> "it hit the " + (result.limitHit() == null ? result.outcome().name().toLowerCase(Locale.ROOT)
                            : result.limitHit()) + " limit";
                };
                throw new PreparationException(spec.script() + " did not finish: " + why + ". " + tail(result.stderr(), 2000));
            }
            if (!result.stdout().isBlank()) {
                warnings.add(spec.script() + " printed: " + tail(result.stdout(), 500));
            }
            report("checking the script's output", 0.75);
            checkScriptOutput();
        }

        private void checkScriptOutput() throws IOException {
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.toList()) {
                    if (Files.isSymbolicLink(p)) {
                        throw new PreparationException(spec.script() + " created the symbolic link '" + FileOps.relative(out, p)
                                + "'; prepared data must be real files");
                    }
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        throw new PreparationException(spec.script() + " created the special file '" + FileOps.relative(out, p) + "'");
                    }
                }
            }
            try (Stream<Path> top = Files.list(out)) {
                for (Path p : top.sorted().toList()) {
                    String n = p.getFileName().toString();
                    if (!n.equals("public") && !n.equals("private")) {
                        FileOps.deleteRecursively(p);
                        warnings.add(spec.script() + " wrote '" + n + "' outside public/ and private/; it was removed");
                    }
                }
            }
            if (Files.exists(out.resolve(SPLIT))) {
                Files.delete(out.resolve(SPLIT));
                warnings.add(spec.script() + " wrote private/split.csv; the platform's feedback split replaced it");
            }
        }

        /** What the script may want to know, at {@code /workspace/.dojo-task.json} (removed after the run). */
        private String taskJson() {
            Map<String, Object> info = new java.util.LinkedHashMap<>();
            info.put("id", task.id());
            info.put("id_column", task.idColumn());
            info.put("id_columns", task.idColumns());
            info.put("target_columns", task.targetsAfterId() ? dev.mledojo.task.TaskParser.ALL_AFTER_ID : targets);
            info.put("submission_columns", task.submissionHeader());
            info.put("submission_file", task.submissionFile());
            info.put("seed", spec.seed());
            info.put("test_fraction", spec.testFraction());
            info.put("prepare", new java.util.TreeMap<>(task.prepare()));
            try {
                return JSON.writeValueAsString(info) + "\n";
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new PreparationException("the prepare section cannot be passed to the script: " + e.getMessage(), e);
            }
        }

        // ---- shared steps ----

        void copyExtras() throws IOException {
            Set<Path> forbidden = new HashSet<>();
            if (spec.pattern().splits()) {
                forbidden.add(rawFile(spec.trainFile(), "train_file"));
            }
            if (spec.answersFile() != null) {
                forbidden.add(rawFile(spec.answersFile(), "answers_file"));
            } else if (spec.pattern() == Kind.USE_GIVEN_TEST_WITH_ANSWERS) {
                forbidden.add(rawFile(spec.testFile(), "test_file"));
            }
            if (spec.media() != null) {
                if (spec.media().labelFolders() != null) {
                    forbidden.add(rawFile(spec.media().labelFolders(), "label_folders"));
                }
                for (PrepareSpec.MediaRule rule : spec.media().rules()) {
                    String fixed = rule.from().substring(0, rule.from().indexOf('{'));
                    int slash = fixed.lastIndexOf('/');
                    if (slash > 0) {
                        forbidden.add(rawFile(fixed.substring(0, slash), "media from"));
                    }
                }
            }
            for (String name : spec.copy()) {
                Path src = rawFile(name, "copy");
                if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PreparationException("prepare.copy names '" + name + "', which is not in the raw data");
                }
                for (Path f : forbidden) {
                    if (f.startsWith(src)) {
                        throw new PreparationException("prepare.copy names '" + name + "', which is or holds '"
                                + rawName(f) + "': it carries the answers (or the test rows' files) and must not be published");
                    }
                }
                if (!src.startsWith(rawBase) || src.equals(rawBase)) {
                    throw new PreparationException("prepare.copy names '" + name + "'; copied files must lie inside "
                            + (spec.baseDir().isEmpty() ? "the raw directory" : "base_dir '" + spec.baseDir() + "'"));
                }
                String rel = FileOps.relative(rawBase, src);
                if (RESERVED.contains(rel)) {
                    throw new PreparationException("prepare.copy names '" + name + "', but public/" + rel
                            + " is written by the preparer");
                }
                copyTree(src, out.resolve("public").resolve(rel), name);
            }
        }

        private void copyTree(Path src, Path dst, String name) throws IOException {
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path p : walk.sorted().toList()) {
                    Path target = dst.resolve(FileOps.relative(src, p)).normalize();
                    if (Files.isSymbolicLink(p)) {
                        throw new PreparationException("prepare.copy '" + name + "' contains the link '" + rawName(p)
                                + "'; only real files are published");
                    }
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(p, target);
                    }
                }
            }
        }

        void requireOutputs() {
            for (String f : List.of(SAMPLE, ANSWERS)) {
                if (!Files.isRegularFile(out.resolve(f))) {
                    throw new PreparationException("the preparation produced no " + f);
                }
            }
        }

        /** Writes train.csv, test.csv, answers.csv and (at the end) sample_submission.csv while rows stream by. */
        private final class Router implements AutoCloseable {
            final List<String> header;
            final Set<String> hidden;
            final int idIdx;
            final int[] testColumns;
            final int[] answerColumns;
            final LabelStats[] stats;
            final int[] statsIdx;
            final List<String> answerHeader = answerHeader();
            final CSVPrinter train;
            final CSVPrinter test;
            final CSVPrinter answers;
            final List<String> testIds = new ArrayList<>();
            final Set<String> seen = new HashSet<>();
            /** The sample's columns and where each value comes from: -1 the id, -2 a constant, else a test row cell. */
            final List<String> sampleHeader = new ArrayList<>();
            final List<Integer> sampleSource = new ArrayList<>();
            final List<String[]> sampleCopies = new ArrayList<>();
            final boolean answersFromRow;
            int emptyTargets;
            boolean trainWritten;

            Router(CsvStream in, String name, boolean answersFromRow) throws IOException {
                this.answersFromRow = answersFromRow;
                this.header = in.header();
                this.idIdx = in.column(task.idColumn(), "id");
                Set<String> hidden = new LinkedHashSet<>(targets);
                if (oneHot != null) {
                    hidden.add(oneHot);
                }
                for (String c : spec.dropColumns()) {
                    in.column(c, "dropped");
                    if (c.equals(task.idColumn())) {
                        throw new PreparationException("prepare.drop_columns must not drop the id column '" + c + "'");
                    }
                    hidden.add(c);
                }
                if (answersFromRow) {
                    hidden.addAll(spec.answerColumns());
                }
                List<Integer> keep = new ArrayList<>();
                List<String> testHeader = new ArrayList<>();
                for (int i = 0; i < header.size(); i++) {
                    if (!hidden.contains(header.get(i))) {
                        keep.add(i);
                        testHeader.add(header.get(i));
                    }
                }
                this.hidden = hidden;
                this.testColumns = keep.stream().mapToInt(Integer::intValue).toArray();
                List<String> layout = task.submission().columns().isEmpty() ? null : task.submission().columns();
                if (layout == null) {
                    sampleHeader.add(task.idColumn());
                    sampleSource.add(-1);
                    for (String t : targets) {
                        sampleHeader.add(oneHot != null ? t : context.predictionColumn(t));
                        sampleSource.add(-2);
                    }
                } else {
                    for (String c : layout) {
                        sampleHeader.add(c);
                        sampleSource.add(c.equals(task.idColumn()) ? -1 : testHeader.contains(c) ? header.indexOf(c) : -2);
                    }
                }
                this.answerColumns = new int[answerHeader.size()];
                if (answersFromRow) {
                    for (int i = 0; i < answerColumns.length; i++) {
                        boolean hot = oneHot != null && i >= 1 && i <= targets.size();
                        answerColumns[i] = in.column(hot ? oneHot : answerHeader.get(i), i == 0 ? "id" : "answer");
                    }
                }
                this.stats = new LabelStats[targets.size()];
                this.statsIdx = new int[stats.length];
                for (int i = 0; i < stats.length; i++) {
                    stats[i] = new LabelStats();
                    statsIdx[i] = oneHot != null ? -1 : header.indexOf(targets.get(i));
                }
                this.train = CsvStream.printer(out.resolve("public/train.csv"), header);
                this.test = CsvStream.printer(out.resolve("public/test.csv"), testHeader);
                this.answers = CsvStream.printer(out.resolve(ANSWERS), answerHeader);
            }

            void train(String[] row) throws IOException {
                train.printRecord((Object[]) row);
                for (int i = 0; i < stats.length; i++) {
                    if (statsIdx[i] >= 0) {
                        stats[i].add(row[statsIdx[i]]);
                    }
                }
            }

            /** Re-writes a separate train file (given-test patterns); targets there feed the sample placeholder. */
            void copyTrain(CsvStream in, String name) throws IOException {
                List<String> h = in.header();
                in.column(task.idColumn(), "id");
                int[] idx = new int[stats.length];
                for (int i = 0; i < stats.length; i++) {
                    idx[i] = h.indexOf(targets.get(i));
                    if (idx[i] < 0) {
                        warnings.add("'" + name + "' has no target column '" + targets.get(i) + "'");
                    }
                }
                train.close();
                try (CSVPrinter p = CsvStream.printer(out.resolve("public/train.csv"), h)) {
                    for (String[] row : in) {
                        p.printRecord((Object[]) row);
                        for (int i = 0; i < stats.length; i++) {
                            if (idx[i] >= 0) {
                                stats[i].add(row[idx[i]]);
                            }
                        }
                    }
                }
                trainWritten = true;
            }

            void test(String[] row, String[] answerRow) throws IOException {
                String id = row[idIdx];
                if (!seen.add(id)) {
                    throw new PreparationException("the test set repeats the id '" + id + "' of column '" + task.idColumn()
                            + "'; ids must be unique");
                }
                if (Splits.missing(id)) {
                    throw new PreparationException("a test row has no id in column '" + task.idColumn() + "'");
                }
                testIds.add(id);
                Object[] t = new Object[testColumns.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = row[testColumns[i]];
                }
                test.printRecord(t);
                if (sampleSource.stream().anyMatch(s -> s >= 0)) {
                    String[] copy = new String[sampleSource.size()];
                    for (int i = 0; i < copy.length; i++) {
                        copy[i] = sampleSource.get(i) >= 0 ? row[sampleSource.get(i)] : null;
                    }
                    sampleCopies.add(copy);
                }
                int[] idx = answersFromRow ? answerColumns : answerIndex;
                Object[] a = new Object[idx.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = answerRow[idx[i]];
                }
                a[0] = id;
                if (oneHot != null) {
                    for (int i = 1; i <= targets.size(); i++) {
                        a[i] = targets.get(i - 1).equals(a[i]) ? "1" : "0";
                    }
                }
                for (int i = 1; i <= targets.size(); i++) {
                    if (Splits.missing((String) a[i])) {
                        emptyTargets++;
                        break;
                    }
                }
                answers.printRecord(a);
            }

            void finish() throws IOException {
                if (testIds.isEmpty()) {
                    throw new PreparationException("the test set is empty");
                }
                if (emptyTargets > 0) {
                    warnings.add(emptyTargets + " answer rows have an empty target; check that the metric accepts them");
                }
                String[] constants = new String[sampleHeader.size()];
                for (int c = 0; c < constants.length; c++) {
                    if (sampleSource.get(c) == -2) {
                        constants[c] = placeholder(sampleHeader.get(c));
                    }
                }
                try (CSVPrinter sample = CsvStream.printer(out.resolve(SAMPLE), sampleHeader)) {
                    for (int r = 0; r < testIds.size(); r++) {
                        List<String> row = new ArrayList<>(constants.length);
                        for (int c = 0; c < constants.length; c++) {
                            int source = sampleSource.get(c);
                            row.add(source == -1 ? testIds.get(r) : source == -2 ? constants[c] : sampleCopies.get(r)[c]);
                        }
                        sample.printRecord(row);
                    }
                }
            }

            /**
             * The constant of a sample column: its {@code sample_value}, else (for a target's prediction column) the
             * target's {@code sample_value} or the placeholder derived from train, else the single {@code sample_value},
             * else 0.
             */
            private String placeholder(String column) {
                String v = spec.sampleValues().get(column);
                if (v != null) {
                    return v;
                }
                for (int i = 0; i < targets.size(); i++) {
                    if ((oneHot != null ? targets.get(i) : context.predictionColumn(targets.get(i))).equals(column)) {
                        String t = spec.sampleValues().get(targets.get(i));
                        // one-hot answers: the uniform distribution over the classes
                        String derived = oneHot != null ? new BigDecimal(1).divide(new BigDecimal(targets.size()),
                                new MathContext(12)).stripTrailingZeros().toPlainString() : stats[i].placeholder();
                        return t != null ? t : spec.sampleValues().getOrDefault(PrepareSpec.ANY_TARGET, derived);
                    }
                }
                return spec.sampleValues().getOrDefault(PrepareSpec.ANY_TARGET, "0");
            }

            @Override
            public void close() throws IOException {
                if (!trainWritten) {
                    train.close();
                }
                test.close();
                answers.close();
            }
        }
    }

    private static String tail(String s, int max) {
        String t = s == null ? "" : s.strip();
        return t.length() <= max ? t : "..." + t.substring(t.length() - max);
    }

    /**
     * The values a target column takes in train, summarised into a constant placeholder for the sample submission:
     * the first label in sorted order for labels (text, booleans, integers), the mean (6 significant digits) for real
     * numbers, {@code 0} when train holds no value.
     */
    static final class LabelStats {
        private boolean allBool = true;
        private boolean allInt = true;
        private boolean allNumber = true;
        private long count;
        private String minText;
        private long minInt = Long.MAX_VALUE;
        private double sum;

        void add(String cell) {
            if (Splits.missing(cell)) {
                return;
            }
            count++;
            if (minText == null || cell.compareTo(minText) < 0) {
                minText = cell;
            }
            if (allBool && !BOOLEANS.contains(cell)) {
                allBool = false;
            }
            if (allInt) {
                try {
                    minInt = Math.min(minInt, Long.parseLong(cell.trim()));
                } catch (NumberFormatException e) {
                    allInt = false;
                }
            }
            if (allNumber) {
                try {
                    double v = Double.parseDouble(cell.trim());
                    if (!Double.isFinite(v)) {
                        allNumber = false;
                    }
                    sum += v;
                } catch (NumberFormatException e) {
                    allNumber = false;
                }
            }
        }

        String placeholder() {
            if (count == 0) {
                return "0";
            }
            if (allBool) {
                return minText;
            }
            if (allInt) {
                return Long.toString(minInt);
            }
            if (allNumber) {
                BigDecimal mean = new BigDecimal(sum / count).round(new MathContext(6)).stripTrailingZeros();
                String s = mean.toPlainString();
                return s.contains(".") ? s : s + ".0";
            }
            return minText;
        }
    }
}
