package dev.mledojo.agent.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.baseline.ScriptedPolicy.Attempt;

/**
 * Agents of kind {@code baseline}: fixed, LLM-free programs ({@code sample_submission}, {@code constant},
 * {@code sklearn}) that act through the same environment actions as any other agent; config
 * {@code {"baseline": "<name>"}}.
 */
@ApplicationScoped
public class BaselineAgentFactory implements AgentFactory {

    public static final String KIND = "baseline";
    public static final String CONFIG_KEY = "baseline";

    /** The baselines and the programs each tries, in order, until one succeeds. */
    public enum Baseline {
        SAMPLE_SUBMISSION("sample_submission"),
        CONSTANT("constant"),
        SKLEARN("sklearn");

        private final String wireName;

        Baseline(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        List<Attempt> attempts(BaselineCode code) {
            Attempt sample = new Attempt("sample_submission", code::sampleSubmission);
            Attempt constant = new Attempt("constant", code::constant);
            return switch (this) {
                case SAMPLE_SUBMISSION -> List.of(sample);
                // a constant that cannot be learned (no train.csv, odd columns) still hands in the sample
                case CONSTANT -> List.of(constant, sample);
                case SKLEARN -> List.of(new Attempt("sklearn", code::sklearn), constant);
            };
        }

        static Baseline named(Object name) {
            for (Baseline b : values()) {
                if (b.wireName.equals(name)) {
                    return b;
                }
            }
            throw new dev.mledojo.error.InvalidSetting(CONFIG_KEY, "unknown baseline " + (name == null ? "(none)" : "'" + name + "'")
                    + " in config key '" + CONFIG_KEY + "'; known baselines: " + names());
        }

        static String names() {
            return Arrays.stream(values()).map(Baseline::wireName).collect(Collectors.joining(", "));
        }
    }

    private final BaselineCode code = new BaselineCode();

    @Override
    public String kind() {
        return KIND;
    }

    /** The baselines' names. */
    @Override
    public List<String> presets() {
        return Arrays.stream(Baseline.values()).map(Baseline::wireName).toList();
    }

    @Override
    public AgentPolicy create(Map<String, Object> config) {
        Baseline baseline = Baseline.named(config == null ? null : config.get(CONFIG_KEY));
        return new ScriptedPolicy(baseline.wireName(), baseline.attempts(code));
    }
}
