package dev.mledojo.catalogue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mledojo.task.TaskDefinition;

/**
 * The constant a competition's own sample submission puts in each target column, read from the catalogue's
 * {@code prepare.sample_submission_rule} ({@code "ids of new test; has_cactus = 0.5"}, {@code "every breed = 1/120"},
 * {@code "EncodedPixels empty"}); where the rule gives no usable constant (random values, copies of answer rows), the
 * preparer's placeholder rule over the labels decides.
 */
final class SampleRule {

    private static final String VALUE = "('[^']*'|-?\\d+(?:\\.\\d+)?(?:/\\d+)?|[A-Z][A-Z_]*)";
    private static final Pattern ALL = Pattern.compile("\\b(?:every|each|all)\\b[^=;]*=\\s*" + VALUE + "(?=\\s*(?:\\(|,|;|$))");

    private SampleRule() {
    }

    /** The sample's constant per target column (in target order). */
    static List<String> constants(TaskDefinition task, List<List<String>> answerRows) {
        Object sampleValue = task.prepare().get("sample_value");
        List<String> out = new ArrayList<>();
        for (int c = 0; c < Catalogue.targets(task).size(); c++) {
            String target = Catalogue.targets(task).get(c);
            String v;
            if (sampleValue instanceof Map<?, ?> map && map.containsKey(target)) {
                v = String.valueOf(map.get(target));
            } else if (sampleValue != null && !(sampleValue instanceof Map)) {
                v = String.valueOf(sampleValue);
            } else {
                int col = c + 1;
                v = fromRule(task, target).orElseGet(() -> Catalogue.placeholder(answerRows.stream().map(r -> r.get(col)).toList()));
            }
            out.add(v);
        }
        return out;
    }

    /** The constant the catalogue's sample-submission rule names for {@code target}, if it names one. */
    static Optional<String> fromRule(TaskDefinition task, String target) {
        String rule = String.valueOf(task.prepare().getOrDefault("sample_submission_rule", ""));
        Matcher m = Pattern.compile("(?<![\\w-])" + Pattern.quote(target) + "\\s*=\\s*" + VALUE
                + "(?=\\s*(?:\\(|,|;|$))").matcher(rule);
        if (m.find()) {
            return Optional.of(value(m.group(1)));
        }
        if (Pattern.compile("(?<![\\w-])" + Pattern.quote(target) + " empty").matcher(rule).find()) {
            return Optional.of("");
        }
        Matcher all = ALL.matcher(rule);
        return all.find() ? Optional.of(value(all.group(1))) : Optional.empty();
    }

    private static String value(String raw) {
        if (raw.startsWith("'")) {
            return raw.substring(1, raw.length() - 1);
        }
        int slash = raw.indexOf('/');
        if (slash > 0) {
            BigDecimal q = new BigDecimal(raw.substring(0, slash)).divide(new BigDecimal(raw.substring(slash + 1)),
                    MathContext.DECIMAL64);
            return q.stripTrailingZeros().toPlainString();
        }
        return raw;
    }
}
