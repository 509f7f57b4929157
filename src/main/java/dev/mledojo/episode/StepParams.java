package dev.mledojo.episode;

import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mledojo.error.DomainException;
import dev.mledojo.gym.ActionOutcome;

/**
 * The size of a step's params (hostile audit, finding 7: two steps with 8 MiB pads stored 32 MB of history). Params
 * other than {@code code} are refused at the edge with 400 when one string or all of them together hold more than
 * the limit, before the step is claimed, run or stored; {@code code} has its own limit (an {@code code_too_large}
 * step error), and what is stored of a refused code or of an undeclared param is cut.
 */
final class StepParams {

    /** What is kept of a code refused as too large: enough to recognise it in the history. */
    static final int REFUSED_CODE_HEAD = 2000;

    private StepParams() {
    }

    /**
     * Refuses params whose strings (names included) other than a string {@code code} exceed {@code maxChars}, one by
     * one or all together.
     *
     * @throws DomainException 400 {@code param-too-large} naming the param
     */
    static void refuseOversized(Map<String, Object> params, int maxChars) {
        if (params == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if ("code".equals(e.getKey()) && e.getValue() instanceof String) {
                continue;
            }
            String field = "params." + e.getKey();
            long size = e.getKey().length() + size(e.getValue(), field, maxChars);
            total += size;
            if (size > maxChars) {
                throw tooLarge(field, field + " holds " + count(size) + " characters", maxChars);
            }
        }
        if (total > maxChars) {
            throw tooLarge("params", "The params other than code hold " + count(total) + " characters in all", maxChars);
        }
    }

    /** Characters of a JSON value: strings and names by length, other scalars 8; a too long string is refused. */
    private static long size(Object v, String field, int maxChars) {
        if (v instanceof String s) {
            if (s.length() > maxChars) {
                throw tooLarge(field, field + " is a string of " + count(s.length()) + " characters", maxChars);
            }
            return s.length();
        }
        long n = 8;
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                n += key.length() + size(e.getValue(), field + "." + key, maxChars);
                if (n > maxChars) {
                    return n; // the caller refuses it; no need to walk further
                }
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                n += size(l.get(i), field + "[" + i + "]", maxChars);
                if (n > maxChars) {
                    return n;
                }
            }
        }
        return n;
    }

    /** The longest action name a step can record (its column's width); the actions' own names are far shorter. */
    static final int MAX_ACTION_CHARS = 100;

    /** An action name longer than any a step can record is refused before the step is claimed, run or stored. */
    static void refuseLongAction(String action) {
        if (action != null && action.length() > MAX_ACTION_CHARS) {
            throw DomainException.invalid("action-too-long", "The action is a name of " + count(action.length())
                    + " characters; action names have at most " + MAX_ACTION_CHARS + " (e.g. request_info, "
                    + "execute_code).").with(DomainException.FIELD, "action").with("limit", MAX_ACTION_CHARS);
        }
    }

    private static DomainException tooLarge(String field, String what, int maxChars) {
        return DomainException.invalid("param-too-large", what + "; a step's params other than code may hold at most "
                + count(maxChars) + " characters (one string or all together). Put data in files under /workspace.")
                .with(DomainException.FIELD, field).with("limit", maxChars);
    }

    /**
     * The params as stored with the step: a code over {@code maxCodeBytes} characters or refused as too large keeps
     * its first {@value #REFUSED_CODE_HEAD} characters; the value of a param the action does not declare is dropped.
     */
    static Map<String, Object> storable(Map<String, Object> params, String action, Optional<Set<String>> declared,
            ActionOutcome outcome, int maxCodeBytes) {
        if (params == null) {
            return Map.of();
        }
        Map<String, Object> stored = new LinkedHashMap<>(params);
        boolean refused = outcome.error() != null && "code_too_large".equals(outcome.error().kind());
        if (params.get("code") instanceof String code && (refused || code.length() > maxCodeBytes)
                && code.length() > REFUSED_CODE_HEAD) {
            stored.put("code", code.substring(0, REFUSED_CODE_HEAD) + "\n[... " + count(code.length() - REFUSED_CODE_HEAD)
                    + " more characters not stored: the code was refused as too large]");
        }
        declared.ifPresent(names -> params.keySet().stream().filter(k -> !names.contains(k))
                .forEach(k -> stored.put(k, "[not stored: not a param of " + action + "]")));
        return stored;
    }

    private static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }
}
