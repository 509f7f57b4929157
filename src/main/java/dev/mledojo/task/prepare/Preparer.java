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
                case SPLIT_TRAIN_CSV, GROUP_SPLIT, TIME_SPLIT -> job.split();
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
            boolean seeded = spec.pattern() == Kind.SPLIT_TRAIN_CSV || spec.pattern() == Kind.GROUP_SPLIT;
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
            this.context = new MetricContext(task.idColumn(), task.targetColumns(), task.metricParams());
            this.warnings.addAll(spec.warnings());
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
            Path file = rawFile(spec.trainFile(), "train_file");
            String name = rawName(file);
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
            // pass 1: count the rows and keep only the column the split needs
            List<String> keys = new ArrayList<>();
            int rows = 0;
            try (CsvStream in = CsvStream.open(file, name)) {
                checkColumns(in, name, true);
                int keyIdx = keyColumn == null ? -1 : in.column(keyColumn, role);
                for (String[] row : in) {
                    rows++;
                    if (keyIdx >= 0) {
                        keys.add(row[keyIdx]);
                    }
                    if ((rows & 0xFFFF) == 0) {
                        report("reading " + name + " (" + rows + " rows)", 0.3 * in.fractionRead());
                    }
                }
            }
            report("splitting " + rows + " rows", 0.3);
            String[] keyCells = keys.toArray(new String[0]);
            BitSet test = switch (spec.pattern()) {
                case GROUP_SPLIT -> Splits.groups(keyCells, spec.testFraction(), spec.seed());
                case TIME_SPLIT -> Splits.time(keyCells, spec.testFraction(), keyColumn, warnings);
                default -> keyColumn == null ? Splits.random(rows, spec.testFraction(), spec.seed())
                        : Splits.stratified(keyCells, spec.testFraction(), spec.seed());
            };
            if (spec.pattern() == Kind.GROUP_SPLIT && keys.stream().anyMatch(Splits::missing)) {
                warnings.add("some rows have no value in group column '" + keyColumn + "'; they form one group");
            }
            testShare = (double) test.cardinality() / rows;
            if (Math.abs(testShare - spec.testFraction()) > 0.01) {
                warnings.add(String.format(Locale.ROOT, "the test set holds %.4f of the rows, requested %s",
                        testShare, spec.testFraction()));
            }
            // pass 2: route every row
            try (CsvStream in = CsvStream.open(file, name); Router router = new Router(in, name, true)) {
                int r = 0;
                for (String[] row : in) {
                    if (test.get(r)) {
                        router.test(row, row);
                    } else {
                        router.train(row);
                    }
                    r++;
                    if ((r & 0xFFFF) == 0) {
                        report("writing train/test (" + r + " of " + rows + " rows)", 0.3 + 0.45 * in.fractionRead());
                    }
                }
                router.finish();
            }
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
            try (CsvStream testIn = CsvStream.open(testPath, testName); Router router = new Router(testIn, testName, answers == null)) {
                if (answers == null) {
                    checkColumns(testIn, testName, true);
                } else {
                    testIn.column(task.idColumn(), "id");
                }
                report("writing " + trainName, 0.1);
                try (CsvStream trainIn = CsvStream.open(trainPath, trainName)) {
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
            h.addAll(task.targetColumns());
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
            try (CsvStream in = CsvStream.open(file, name)) {
                int[] idx = new int[answerHeader.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = in.column(answerHeader.get(i), i == 0 ? "id" : task.targetColumns().contains(answerHeader.get(i))
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

        void checkColumns(CsvStream in, String name, boolean targets) {
            in.column(task.idColumn(), "id");
            if (task.targetColumns().contains(task.idColumn())) {
                throw new PreparationException("the id column '" + task.idColumn() + "' is also listed as a target");
            }
            if (targets) {
                for (String t : task.targetColumns()) {
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
            info.put("target_columns", task.targetColumns());
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
            for (String name : spec.copy()) {
                Path src = rawFile(name, "copy");
                if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PreparationException("prepare.copy names '" + name + "', which is not in the raw data");
                }
                for (Path f : forbidden) {
                    if (f.startsWith(src)) {
                        throw new PreparationException("prepare.copy names '" + name + "', which is or holds '"
                                + rawName(f) + "': it carries the answers and must not be published");
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
            final boolean answersFromRow;
            int emptyTargets;
            boolean trainWritten;

            Router(CsvStream in, String name, boolean answersFromRow) throws IOException {
                this.answersFromRow = answersFromRow;
                this.header = in.header();
                this.idIdx = in.column(task.idColumn(), "id");
                Set<String> hidden = new LinkedHashSet<>(task.targetColumns());
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
                this.testColumns = keep.stream().mapToInt(Integer::intValue).toArray();
                this.answerColumns = new int[answerHeader.size()];
                if (answersFromRow) {
                    for (int i = 0; i < answerColumns.length; i++) {
                        answerColumns[i] = in.column(answerHeader.get(i), i == 0 ? "id" : "answer");
                    }
                }
                this.stats = new LabelStats[task.targetColumns().size()];
                this.statsIdx = new int[stats.length];
                for (int i = 0; i < stats.length; i++) {
                    stats[i] = new LabelStats();
                    statsIdx[i] = header.indexOf(task.targetColumns().get(i));
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
                    idx[i] = h.indexOf(task.targetColumns().get(i));
                    if (idx[i] < 0) {
                        warnings.add("'" + name + "' has no target column '" + task.targetColumns().get(i) + "'");
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
                int[] idx = answersFromRow ? answerColumns : answerIndex;
                Object[] a = new Object[idx.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = answerRow[idx[i]];
                }
                a[0] = id;
                for (int i = 1; i <= task.targetColumns().size(); i++) {
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
                List<String> sampleHeader = new ArrayList<>();
                sampleHeader.add(task.idColumn());
                List<String> values = new ArrayList<>();
                for (int i = 0; i < stats.length; i++) {
                    String target = task.targetColumns().get(i);
                    sampleHeader.add(context.predictionColumn(target));
                    String v = spec.sampleValues().get(target);
                    values.add(v != null ? v : stats[i].placeholder());
                }
                try (CSVPrinter sample = CsvStream.printer(out.resolve(SAMPLE), sampleHeader)) {
                    for (String id : testIds) {
                        List<String> row = new ArrayList<>(values.size() + 1);
                        row.add(id);
                        row.addAll(values);
                        sample.printRecord(row);
                    }
                }
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
