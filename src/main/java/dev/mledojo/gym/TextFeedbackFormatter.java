package dev.mledojo.gym;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** The default feedback: MLE-Dojo-style sections, each under a {@code === Title ===} line. */
@ApplicationScoped
public class TextFeedbackFormatter implements FeedbackFormatter {

    @Override
    public String name() {
        return "text";
    }

    @Override
    public String format(String action, ActionOutcome outcome, EpisodeContext context) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> section : outcome.sections().entrySet()) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append("=== ").append(section.getKey()).append(" ===\n").append(section.getValue().strip());
        }
        return sb.toString();
    }
}
