package dev.mledojo.metric.classification;

import java.util.LinkedHashSet;
import java.util.Set;

/** Python {@code str.split()} tokenisation for the set-based metrics. */
final class Tokens {

    private Tokens() {
    }

    /** Whitespace as Python's {@code str.split()} sees it (ASCII and Unicode spaces, separators). */
    static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u001c' || c == '\u001d'
                || c == '\u001e' || c == '\u001f' || c == '\u0085';
    }

    /** The distinct tokens of {@code s.split()}. */
    static Set<String> tokenSet(String s) {
        Set<String> out = new LinkedHashSet<>();
        int len = s.length();
        int i = 0;
        while (i < len) {
            while (i < len && isPythonSpace(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < len && !isPythonSpace(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(s.substring(i, j));
            }
            i = j;
        }
        return out;
    }
}
