package dev.mledojo.task.prepare;

import java.util.List;

/**
 * What a preparation produced: every file of the version directory (sorted by path) with its size, SHA-256 and, for
 * CSV files, its number of data rows; the realised test share of split patterns; and warnings the admin should read
 * before activating. Contains no timestamps, so the same input gives the same report.
 *
 * @param testShare test rows / labelled rows for split patterns, else null
 */
public record PreparationReport(String task, String pattern, Long seed, Double testShare, List<FileEntry> files,
        List<String> warnings) {

    public PreparationReport {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** One output file; {@code rows} is the number of data rows of a CSV file, else null. */
    public record FileEntry(String path, long size, String sha256, Integer rows) {
    }

    /** The entry of a file by its path relative to the version directory ({@code public/test.csv}), or null. */
    public FileEntry file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
    }

    /** Data rows of a CSV output file, or -1 when it is absent or not a CSV. */
    public int rows(String path) {
        FileEntry f = file(path);
        return f == null || f.rows() == null ? -1 : f.rows();
    }
}
