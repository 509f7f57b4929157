package dev.mledojo.gym;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A typed error an agent can act on: the kind (a registered {@link ErrorKind}), what happened, details and likely
 * causes.
 */
public record StepError(String kind, String message, String details, String likelyCauses) {

    public static StepError of(ErrorKind kind, String message, String details) {
        return new StepError(kind.name(), message, details, kind.likelyCauses());
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(kind).append(": ").append(message);
        if (details != null && !details.isBlank()) {
            sb.append("\nDetails: ").append(details);
        }
        if (likelyCauses != null && !likelyCauses.isBlank()) {
            sb.append("\nLikely causes: ").append(likelyCauses);
        }
        return sb.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("message", message);
        if (details != null) {
            m.put("details", details);
        }
        if (likelyCauses != null) {
            m.put("likelyCauses", likelyCauses);
        }
        return m;
    }
}
