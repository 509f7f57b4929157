package dev.mledojo.metric.classification;

import java.util.ArrayList;
import java.util.List;

/**
 * A small reader for the Python list literals {@code ast.literal_eval} accepts in span cells: a flat list of string
 * literals (single or double quotes, with escapes, adjacent literals concatenated) and numbers. Each element becomes
 * the text {@code str(element)} would give, as far as spans can tell: strings are their value, other elements an
 * empty segment (their {@code str()} can never hold a valid "start end" span).
 */
final class PyListLiteral {

    private PyListLiteral() {
    }

    /** The element texts, or null when the text is not such a list literal (the caller then uses it whole). */
    static List<String> parse(String text) {
        Reader r = new Reader(text);
        try {
            List<String> out = r.list();
            r.skipSpace();
            return r.pos == text.length() ? out : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("end of text");
            }
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            pos++;
        }

        List<String> list() {
            skipSpace();
            expect('[');
            List<String> out = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                out.add(element());
                skipSpace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ]");
                }
                skipSpace();
                if (peek() == ']') { // trailing comma
                    pos++;
                    return out;
                }
            }
        }

        String element() {
            char c = peek();
            if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                while (pos < s.length() && (peek() == '\'' || peek() == '"')) {
                    sb.append(string());
                    skipSpace();
                }
                return sb.toString();
            }
            if (c == '[') {
                list();
                return "";
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789._eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String token = s.substring(start, pos);
            if (token.isEmpty()) {
                for (String word : new String[] {"None", "True", "False"}) {
                    if (s.startsWith(word, pos)) {
                        pos += word.length();
                        return "";
                    }
                }
                throw new IllegalArgumentException("unsupported element");
            }
            return "";
        }

        String string() {
            char quote = peek();
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == quote) {
                    return sb.toString();
                }
                if (c == '\n') {
                    throw new IllegalArgumentException("newline in string");
                }
                if (c == '\\') {
                    char e = peek();
                    pos++;
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '\\' -> sb.append('\\');
                        case '\'' -> sb.append('\'');
                        case '"' -> sb.append('"');
                        default -> sb.append('\\').append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
