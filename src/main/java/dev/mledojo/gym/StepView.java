package dev.mledojo.gym;

import java.time.Instant;
import java.util.Map;

/** One recorded step as agents and exports see it (feedback-part information only). */
public record StepView(int step, String action, Map<String, Object> params, String status, String errorKind,
        Map<String, Object> result, String feedback, Double reward, boolean done, Instant startedAt, long durationMs) {
}
