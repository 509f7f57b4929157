package dev.mledojo.kubernetes;

import java.util.List;

import io.fabric8.kubernetes.api.model.Toleration;

/** Reads tolerations written as kubectl writes taints: {@code key=value:Effect}, {@code key:Effect} or {@code key}. */
final class Tolerations {

    private Tolerations() {
    }

    static List<Toleration> parse(List<String> taints) {
        return taints.stream().map(Tolerations::parse).toList();
    }

    static Toleration parse(String taint) {
        String t = taint.strip();
        String effect = null;
        int colon = t.lastIndexOf(':');
        if (colon >= 0) {
            effect = t.substring(colon + 1);
            t = t.substring(0, colon);
            if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                throw new IllegalArgumentException("'" + taint + "': the effect is NoSchedule, PreferNoSchedule or NoExecute");
            }
        }
        int eq = t.indexOf('=');
        String key = eq >= 0 ? t.substring(0, eq) : t;
        if (key.isBlank()) {
            throw new IllegalArgumentException("'" + taint + "' names no taint key");
        }
        return eq >= 0 ? new Toleration(effect, key, "Equal", null, t.substring(eq + 1))
                : new Toleration(effect, key, "Exists", null, null);
    }
}
