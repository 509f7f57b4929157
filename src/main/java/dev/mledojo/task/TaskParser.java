package dev.mledojo.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.mledojo.metric.MetricParams;
import dev.mledojo.task.TaskDefinition.BoardInfo;
import dev.mledojo.task.TaskDefinition.DataSpec;
import dev.mledojo.task.TaskDefinition.Domain;
import dev.mledojo.task.TaskDefinition.Resources;

/**
 * Reads a task folder ({@code task.yaml}, {@code description.md}, {@code leaderboard/*.csv}) into a
 * {@link TaskDefinition}, or explains precisely why it cannot. Pure: no CDI, no database.
 */
public final class TaskParser {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,99}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> KEYS = Set.of("id", "title", "domain", "tags", "summary", "metric",
            "higher_is_better", "id_column", "target_columns", "submission_file", "resources", "feedback_fraction",
            "data", "prepare", "leaderboard", "origin", "submission_columns", "extra_columns", "checks");
    /** The keyword of {@code target_columns} meaning "every answer column after the id column(s)". */
    public static final String ALL_AFTER_ID = "all_after_id";
    private static final Set<String> SOURCES = Set.of("kaggle", "generator", "local");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TaskParser() {
    }

    /** The outcome of parsing one folder. */
    public sealed interface Result permits Valid, Invalid {
        String id();
    }

    /** A usable definition. */
    public record Valid(TaskDefinition definition) implements Result {
        @Override
        public String id() {
            return definition.id();
        }
    }

    /** A folder that cannot be used, and why; the content hash lets a fix be detected. */
    public record Invalid(String id, TaskProblem problem, String contentHash) implements Result {
    }

    /** Thrown internally to stop at the first problem. */
    private static final class Problem extends RuntimeException {
        final TaskProblem problem;

        Problem(String file, String field, String reason) {
            super(reason, null, false, false);
            this.problem = new TaskProblem(file, field, reason);
        }
    }

    public static Result parse(Path folder) {
        String hash;
        try {
            hash = contentHash(folder);
        } catch (UncheckedIOException e) {
            return unreadable(folder, e);
        }
        return parse(folder, hash);
    }

    /** The outcome for a folder whose files cannot be read (so that it has no content hash). */
    public static Invalid unreadable(Path folder, UncheckedIOException e) {
        return new Invalid(folder.getFileName().toString(), new TaskProblem(folder.toString(), "",
                "cannot read the folder: " + e.getMessage()), "");
    }

    /** Parses a folder whose {@link #contentHash} the caller has just computed. */
    public static Result parse(Path folder, String hash) {
        String id = folder.getFileName().toString();
        try {
            return new Valid(read(folder, id, hash));
        } catch (Problem p) {
            return new Invalid(id, p.problem, hash);
        }
    }

    private static TaskDefinition read(Path folder, String id, String hash) {
        if (!ID.matcher(id).matches()) {
            throw new Problem(id, "", "the folder name is not a valid task id (letters, digits and '-', at most 100)");
        }
        Map<String, Object> yaml = yaml(folder.resolve("task.yaml"));
        for (String key : yaml.keySet()) {
            if (!KEYS.contains(key)) {
                throw new Problem("task.yaml", key, "unknown key (allowed: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        String declared = text(yaml, "id", true);
        if (!declared.equals(id)) {
            throw new Problem("task.yaml", "id", "'" + declared + "' differs from the folder name '" + id + "'");
        }
        Domain domain;
        String domainText = text(yaml, "domain", true);
        try {
            domain = Domain.parse(domainText);
        } catch (IllegalArgumentException e) {
            throw new Problem("task.yaml", "domain", "'" + domainText + "' is not one of tabular, cv, nlp, audio, timeseries, multimodal, other");
        }
        List<String> tags = strings(yaml, "tags", false);
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                throw new Problem("task.yaml", "tags", "'" + tag + "' is not a tag (lowercase letters, digits and '-')");
            }
        }
        Map<String, Object> metric = map(yaml, "metric", true);
        String metricId = text(metric, "id", true, "metric.id");
        Map<String, Object> params = metric.containsKey("params") ? map(metric, "params", false, "metric.params") : Map.of();
        MetricParams metricParams = new MetricParams(params);
        List<String> idColumns = idColumns(yaml);
        boolean afterId = ALL_AFTER_ID.equals(yaml.get("target_columns"));
        List<String> targets = afterId ? List.of() : targetColumns(yaml, idColumns);
        SubmissionFormat submission = new SubmissionFormat(idColumns, afterId, submissionColumns(yaml, idColumns),
                extraColumns(yaml), checks(yaml));
        double feedbackFraction = number(yaml, "feedback_fraction", 0.5);
        if (feedbackFraction < 0 || feedbackFraction > 1) {
            throw new Problem("task.yaml", "feedback_fraction", "must be between 0 and 1, got " + feedbackFraction);
        }
        Map<String, Object> data = map(yaml, "data", true);
        String source = text(data, "source", true, "data.source");
        if (!SOURCES.contains(source)) {
            throw new Problem("task.yaml", "data.source", "'" + source + "' is not one of kaggle, generator, local");
        }
        if (source.equals("generator") && !data.containsKey("generator")) {
            throw new Problem("task.yaml", "data.generator", "a generated task must name its generator");
        }
        Map<String, Object> board = yaml.containsKey("leaderboard") ? map(yaml, "leaderboard", false) : Map.of();
        String kind = board.getOrDefault("kind", "human").toString();
        if (!kind.equals("human") && !kind.equals("reference")) {
            throw new Problem("task.yaml", "leaderboard.kind", "'" + kind + "' is not one of human, reference");
        }
        Integer teams = board.get("teams") instanceof Number n ? n.intValue() : null;
        String description = readText(folder.resolve("description.md"), "description.md");
        if (description.isBlank()) {
            throw new Problem("description.md", "", "the description is empty");
        }
        return new TaskDefinition(id, text(yaml, "title", true), domain, tags, text(yaml, "summary", true), metricId,
                metricParams, bool(yaml, "higher_is_better"), idColumns.get(0), targets,
                submissionFile(text(yaml, "submission_file", true)), resources(yaml), feedbackFraction, new DataSpec(source, without(data, "source")),
                yaml.containsKey("prepare") ? map(yaml, "prepare", false) : Map.of(), new BoardInfo(kind, teams),
                yaml.containsKey("origin") ? text(yaml, "origin", false) : "", description,
                board(folder, "public"), board(folder, "private"), hash, submission);
    }

    /** {@code id_column}: one name, or a list of names for a composite id. */
    private static List<String> idColumns(Map<String, Object> yaml) {
        Object v = yaml.get("id_column");
        List<String> ids = v instanceof List ? strings(yaml, "id_column", true) : List.of(text(yaml, "id_column", true));
        if (ids.isEmpty()) {
            throw new Problem("task.yaml", "id_column", "at least one id column is required");
        }
        for (String id : ids) {
            if (id.contains(";")) {
                throw new Problem("task.yaml", "id_column", "'" + id + "' is not a column name; list the columns of a "
                        + "composite id, e.g. id_column: [tripId, UnixTimeMillis]");
            }
        }
        unique(ids, "id_column");
        return ids;
    }

    /** {@code target_columns}: a list of answer column names (a description is refused), or {@code all_after_id}. */
    private static List<String> targetColumns(Map<String, Object> yaml, List<String> idColumns) {
        if (yaml.get("target_columns") != null && !(yaml.get("target_columns") instanceof List)) {
            throw new Problem("task.yaml", "target_columns", "must be a list of answer column names, e.g. [a, b], or "
                    + ALL_AFTER_ID + " (every answer column after the id), got '" + yaml.get("target_columns") + "'");
        }
        List<String> targets = strings(yaml, "target_columns", true);
        if (targets.isEmpty()) {
            throw new Problem("task.yaml", "target_columns", "at least one target column is required");
        }
        for (String t : targets) {
            if (t.contains("(") || t.contains(")") || t.contains(";") || t.contains("...")) {
                throw new Problem("task.yaml", "target_columns", "'" + t + "' is a description, not a column name; list "
                        + "the answer columns, or write target_columns: " + ALL_AFTER_ID + " for every column after the id");
            }
            if (idColumns.contains(t)) {
                throw new Problem("task.yaml", "target_columns", "'" + t + "' is also an id column");
            }
        }
        unique(targets, "target_columns");
        return targets;
    }

    /** {@code submission_columns}: the exact columns of a submission, when they are not just id + predictions. */
    private static List<String> submissionColumns(Map<String, Object> yaml, List<String> idColumns) {
        List<String> columns = strings(yaml, "submission_columns", false);
        if (yaml.containsKey("submission_columns") && columns.isEmpty()) {
            throw new Problem("task.yaml", "submission_columns", "must name at least the id and prediction columns");
        }
        unique(columns, "submission_columns");
        for (String id : columns.isEmpty() ? List.<String>of() : idColumns) {
            if (!columns.contains(id)) {
                throw new Problem("task.yaml", "submission_columns", "must contain the id column '" + id + "'");
            }
        }
        return columns;
    }

    /** {@code extra_columns}: {@code refused} (the default) or {@code allowed}. */
    private static boolean extraColumns(Map<String, Object> yaml) {
        String v = text(yaml, "extra_columns", false);
        return switch (v) {
            case "", "refused" -> false;
            case "allowed" -> true;
            default -> throw new Problem("task.yaml", "extra_columns", "'" + v + "' is not one of refused, allowed");
        };
    }

    /** {@code checks}: value checks by name; an unknown name is an error. */
    private static List<SubmissionCheck> checks(Map<String, Object> yaml) {
        List<SubmissionCheck> checks = new ArrayList<>();
        for (String name : strings(yaml, "checks", false)) {
            SubmissionCheck c = SubmissionCheck.parse(name).orElseThrow(() -> new Problem("task.yaml", "checks", "'" + name
                    + "' is not a check (known: " + String.join(", ", java.util.Arrays.stream(SubmissionCheck.values())
                            .map(SubmissionCheck::wireName).toList()) + ")"));
            if (checks.contains(c)) {
                throw new Problem("task.yaml", "checks", "'" + name + "' is listed twice");
            }
            checks.add(c);
        }
        return checks;
    }

    private static void unique(List<String> names, String field) {
        Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new Problem("task.yaml", field, "'" + n + "' is listed twice");
            }
        }
    }

    private static Resources resources(Map<String, Object> yaml) {
        if (!yaml.containsKey("resources")) {
            return Resources.DEFAULT;
        }
        Map<String, Object> r = map(yaml, "resources", false);
        Resources d = Resources.DEFAULT;
        Resources parsed = new Resources(number(r, "cpu", d.cpu()), r.getOrDefault("memory", d.memory()).toString(),
                (int) number(r, "gpu", d.gpu()), (int) number(r, "time_limit", d.timeLimitSeconds()));
        try {
            if (parsed.memoryBytes() <= 0) {
                throw new IllegalArgumentException("not positive");
            }
        } catch (RuntimeException e) {
            throw new Problem("task.yaml", "resources.memory", "'" + parsed.memory()
                    + "' is not a memory quantity such as 4Gi or 512Mi");
        }
        if (parsed.timeLimitSeconds() < 1) {
            throw new Problem("task.yaml", "resources.time_limit", "must be a positive number of seconds");
        }
        return parsed;
    }

    /** Reads {@code leaderboard/<name>.csv} (header rank,score); an absent file is an empty board. */
    static List<Double> board(Path folder, String name) {
        String file = "leaderboard/" + name + ".csv";
        Path path = folder.resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Problem(file, "", unreadableText(e));
        }
        if (lines.isEmpty() || !lines.get(0).trim().replace("\uFEFF", "").equals("rank,score")) {
            throw new Problem(file, "header", "the first line must be 'rank,score'");
        }
        List<Double> scores = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.indexOf(',');
            String score = comma < 0 ? "" : line.substring(comma + 1).trim();
            try {
                double v = Double.parseDouble(score);
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                scores.add(v);
            } catch (NumberFormatException e) {
                throw new Problem(file, "score", "line " + (i + 1) + ": '" + score + "' is not a finite number");
            }
        }
        return scores;
    }

    // ---- content hash --------------------------------------------------------------------------------------------

    /** SHA-256 over every file of the folder (relative path, NUL, bytes, NUL), in path order. */
    public static String contentHash(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile)
                    .sorted((a, b) -> folder.relativize(a).toString().replace('\\', '/')
                            .compareTo(folder.relativize(b).toString().replace('\\', '/')))
                    .toList();
            for (Path file : sorted) {
                digest.update(folder.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- typed access with precise problems ----------------------------------------------------------------------

    private static Map<String, Object> yaml(Path file) {
        if (!Files.exists(file)) {
            throw new Problem("task.yaml", "", "the file is missing");
        }
        try {
            Object parsed = YAML.readValue(Files.readString(file, StandardCharsets.UTF_8), Object.class);
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new Problem("task.yaml", "", "the document must be a mapping of keys to values");
            }
            return cleaned(m);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new Problem("task.yaml", "", "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Problem("task.yaml", "", unreadableText(e));
        }
    }

    private static Map<String, Object> cleaned(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(String.valueOf(k), v instanceof Map<?, ?> inner ? cleaned(inner) : v);
            }
        });
        return out;
    }

    private static String readText(Path file, String name) {
        if (!Files.exists(file)) {
            throw new Problem(name, "", "the file is missing");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Problem(name, "", unreadableText(e));
        }
    }

    /** Why a file of the folder could not be read: text that is not UTF-8 said as such, else the I/O error. */
    public static String unreadableText(IOException e) {
        return e instanceof CharacterCodingException ? "not UTF-8 text" : "cannot read: " + e.getMessage();
    }

    /** The submission's file name: a plain name in the workspace (never a path, so nothing resolves outside it). */
    static String submissionFile(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") || name.contains("..")) {
            throw new Problem("task.yaml", "submission_file", "must be a plain file name such as submission.csv "
                    + "(letters, digits, '.', '_', '-'; no '/', no '..')");
        }
        return name;
    }

    private static String text(Map<String, Object> m, String key, boolean required) {
        return text(m, key, required, key);
    }

    private static String text(Map<String, Object> m, String key, boolean required, String field) {
        Object v = m.get(key);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw new Problem("task.yaml", field, "is required");
            }
            return "";
        }
        if (v instanceof Map || v instanceof List) {
            throw new Problem("task.yaml", field, "must be a single value");
        }
        return v.toString().trim();
    }

    private static boolean bool(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new Problem("task.yaml", key, v == null ? "is required (true or false)" : "must be true or false, got '" + v + "'");
    }

    private static double number(Map<String, Object> m, String key, double fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new Problem("task.yaml", key, "must be a number, got '" + v + "'");
        }
    }

    private static List<String> strings(Map<String, Object> m, String key, boolean required) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw new Problem("task.yaml", key, "is required");
            }
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new Problem("task.yaml", key, "must be a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o == null || o instanceof Map || o instanceof List || o.toString().isBlank()) {
                throw new Problem("task.yaml", key, "every entry must be a non-empty value");
            }
            out.add(o.toString().trim());
        }
        return out;
    }

    private static Map<String, Object> map(Map<String, Object> m, String key, boolean required) {
        return map(m, key, required, key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key, boolean required, String field) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw new Problem("task.yaml", field, "is required");
            }
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new Problem("task.yaml", field, "must be a mapping of keys to values");
        }
        return (Map<String, Object>) v;
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
