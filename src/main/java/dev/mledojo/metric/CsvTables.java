package dev.mledojo.metric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads CSV tables with the platform's byte scanner ({@link CsvScanner}: Commons CSV's RFC 4180 reading, the limits and
 * error messages a grader needs, no object per cell) and writes them with Apache Commons CSV.
 */
public final class CsvTables {

    /** How every CSV of the platform is read: RFC 4180, cells kept exactly as written. */
    public static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(false).get();
    /** How every CSV of the platform is written: RFC 4180 with '\n' line ends. */
    public static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private CsvTables() {
    }

    /** Reads a trusted file (answers, leaderboards, generated data) without row limits. */
    public static Table read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, CsvLimits.none());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a CSV with a header row.
     *
     * @param maxRows the largest number of data rows accepted
     * @throws InvalidSubmissionException for an empty file, a broken quote, a row with too many fields, duplicate
     *         column names or too many rows
     */
    public static Table read(InputStream in, int maxRows) {
        return read(in, CsvLimits.rows(maxRows));
    }

    /**
     * Reads a CSV with a header row within {@code limits}: the length and field count of each record are checked while
     * it is read (before the parser holds it), the row count after each row.
     *
     * @throws InvalidSubmissionException for an empty file, a broken quote, a row with too many fields, a line too long,
     *         duplicate column names or too many rows
     */
    public static Table read(InputStream in, CsvLimits limits) {
        try {
            return CsvScanner.read(in, limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a header and rows; {@code null} cells are written empty. */
    public static void write(Path file, List<String> header, Iterable<? extends List<?>> rows) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                write(w, header, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Writer out, List<String> header, Iterable<? extends List<?>> rows) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, WRITE);
        printer.printRecord(header);
        for (List<?> row : rows) {
            printer.printRecord(row);
        }
        printer.flush();
    }

    /** Writes a whole table (missing cells empty). */
    public static void write(Path file, Table table) {
        List<List<String>> rows = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            List<String> row = new ArrayList<>(table.columns().size());
            for (int c = 0; c < table.columns().size(); c++) {
                row.add(table.column(c)[r]);
            }
            rows.add(row);
        }
        write(file, table.columns(), rows);
    }
}
