package dev.mledojo.task;

import java.io.IOException;
import java.io.UncheckedIOException;
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
            "data", "prepare", "leaderboard", "origin");
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
        String id = folder.getFileName().toString();
        String hash;
        try {
            hash = contentHash(folder);
        } catch (UncheckedIOException e) {
            return new Invalid(id, new TaskProblem(folder.toString(), "", "cannot read the folder: " + e.getMessage()), "");
        }
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
        List<String> targets = strings(yaml, "target_columns", true);
        if (targets.isEmpty()) {
            throw new Problem("task.yaml", "target_columns", "at least one target column is required");
        }
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
                new MetricParams(params), bool(yaml, "higher_is_better"), text(yaml, "id_column", true), targets,
                submissionFile(text(yaml, "submission_file", true)), resources(yaml), feedbackFraction, new DataSpec(source, without(data, "source")),
                yaml.containsKey("prepare") ? map(yaml, "prepare", false) : Map.of(), new BoardInfo(kind, teams),
                yaml.containsKey("origin") ? text(yaml, "origin", false) : "", description,
                board(folder, "public"), board(folder, "private"), hash);
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
            throw new Problem(file, "", "cannot read: " + e.getMessage());
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
            throw new Problem("task.yaml", "", "cannot read: " + e.getMessage());
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
            throw new Problem(name, "", "cannot read: " + e.getMessage());
        }
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
