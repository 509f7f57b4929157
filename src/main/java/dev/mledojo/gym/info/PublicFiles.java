package dev.mledojo.gym.info;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads what info providers show from a task's public folder, bounded so that huge files stay cheap. */
final class PublicFiles {

    private PublicFiles() {
    }

    static String readText(Path file, int maxChars) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() <= maxChars ? text : text.substring(0, maxChars) + "\n[... truncated ...]";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} lines and the total number of data rows of a CSV. */
    static String head(Path csv, int n) {
        List<String> lines = new ArrayList<>();
        long rows = 0;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (lines.size() <= n) {
                    lines.add(line.length() > 500 ? line.substring(0, 500) + "..." : line);
                }
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("\n", lines) + "\n(" + Math.max(0, rows - 1) + " data rows in total)";
    }

    /** A tree of the folder: at most 10 sub-folders and 10 files per level, CSV headers shown. */
    static String tree(Path root, String mount) {
        StringBuilder sb = new StringBuilder(mount).append('/').append('\n');
        walk(root, 1, sb);
        return sb.toString().stripTrailing();
    }

    private static void walk(Path dir, int depth, StringBuilder sb) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> dirs = entries.stream().filter(Files::isDirectory).toList();
        List<Path> files = entries.stream().filter(Files::isRegularFile).toList();
        String indent = "  ".repeat(depth);
        for (Path d : dirs.subList(0, Math.min(10, dirs.size()))) {
            sb.append(indent).append(d.getFileName()).append("/\n");
            if (depth < 4) {
                walk(d, depth + 1, sb);
            }
        }
        if (dirs.size() > 10) {
            sb.append(indent).append("... ").append(dirs.size() - 10).append(" more folders\n");
        }
        for (Path f : files.subList(0, Math.min(10, files.size()))) {
            sb.append(indent).append(f.getFileName()).append(" (").append(size(f)).append(')');
            if (f.getFileName().toString().endsWith(".csv")) {
                sb.append(" columns: ").append(header(f));
            }
            sb.append('\n');
        }
        if (files.size() > 10) {
            sb.append(indent).append("... ").append(files.size() - 10).append(" more files\n");
        }
    }

    private static String header(Path csv) {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            if (line == null) {
                return "(empty)";
            }
            return line.length() > 300 ? line.substring(0, 300) + "..." : line;
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static String size(Path f) {
        try {
            long b = Files.size(f);
            if (b < 1024) {
                return b + " B";
            }
            if (b < 1024 * 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f KB", b / 1024.0);
            }
            return String.format(java.util.Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
        } catch (IOException e) {
            return "?";
        }
    }
}
