package dev.mledojo.agent.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.mledojo.agent.AgentPolicy.TaskBrief;

/**
 * Renders the baselines' Python programs from the templates in {@code agent/baseline/*.py}, filling their
 * {@code {{PLACEHOLDERS}}} with Python literals taken from the task brief.
 */
public final class BaselineCode {

    static final String TEMPLATE_DIR = "agent/baseline/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private final Map<String, String> templates = new ConcurrentHashMap<>();

    /** Copies {@code /data/sample_submission.csv} to the submission file. */
    public String sampleSubmission(TaskBrief task) {
        return render(List.of("sample_submission"), task);
    }

    /** Predicts one constant per target column, learned from the training data. */
    public String constant(TaskBrief task) {
        return render(List.of("common", "constant"), task);
    }

    /** Fits a generic scikit-learn pipeline (or a per-series forecast) and predicts the test set. */
    public String sklearn(TaskBrief task) {
        return render(List.of("common", "sklearn"), task);
    }

    /** The values of the placeholders, as Python literals. */
    static Map<String, String> values(TaskBrief task) {
        if (task.targetColumns() == null || task.targetColumns().isEmpty()) {
            throw new IllegalArgumentException("task " + task.id() + " names no target columns");
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("ID_COLUMN", pyString(task.idColumn()));
        v.put("TARGET_COLUMNS", task.targetColumns().stream().map(BaselineCode::pyString)
                .collect(Collectors.joining(", ", "[", "]")));
        v.put("SUBMISSION_FILE", pyString(task.submissionFile()));
        v.put("METRIC", pyString(task.metric() == null ? "" : task.metric()));
        v.put("STYLE", pyString(PredictionStyle.of(task.metric()).pythonName()));
        return v;
    }

    String render(List<String> parts, TaskBrief task) {
        Map<String, String> values = values(task);
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            Matcher m = PLACEHOLDER.matcher(template(part));
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException("template " + part + ".py uses unknown placeholder " + m.group());
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            out.append(sb).append('\n');
        }
        return out.toString();
    }

    private String template(String name) {
        return templates.computeIfAbsent(name, n -> {
            String path = TEMPLATE_DIR + n + ".py";
            try (InputStream in = BaselineCode.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A Python string literal for any text (column names may hold quotes, backslashes or non-ASCII letters). */
    static String pyString(String s) {
        if (s == null) {
            throw new IllegalArgumentException("a task brief value is missing");
        }
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else if (c <= 0xffff) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return sb.append('\'').toString();
    }
}
