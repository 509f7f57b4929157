package dev.mledojo.task.prepare;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import dev.mledojo.metric.CsvTables;

/**
 * Streams the rows of a raw table (CSV, TSV or JSON records; optionally gzipped, by name) as text cells exactly as
 * written, and writes CSV the way {@code CsvTables} does (RFC 4180, {@code \n}), so large Kaggle tables never have to
 * fit in memory.
 */
public final class CsvStream implements AutoCloseable, Iterable<String[]> {


    private final String name;
    private final BoundedInputStream counting;
    private final long size;
    private final RowSource source;
    private final List<String> header;

    /** Where the rows come from: a CSV parser, or a JSON records reader. */
    interface RowSource extends java.io.Closeable {
        /** The header cells as written (before renaming). */
        List<String> rawHeader();

        /** The next row's cells (possibly fewer or more than the header), or null at the end. */
        String[] next() throws IOException;

        /** Where in the file the reader stands, for messages (a line number). */
        long position();
    }

    private CsvStream(Path file, String name, Map<String, String> rename) throws IOException {
        this.name = name;
        this.size = Math.max(1, Files.size(file));
        this.counting = counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        String lower = name.toLowerCase(Locale.ROOT);
        InputStream in = lower.endsWith(".gz") ? new GZIPInputStream(counting, 1 << 16) : counting;
        try {
            this.source = JsonRecords.isJson(name) ? JsonRecords.open(file, in, name) : csv(in, name);
        } catch (IOException | RuntimeException e) {
            counting.close();
            throw e;
        }
        List<String> h = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String cell : source.rawHeader()) {
            String c = h.isEmpty() && cell.startsWith("\uFEFF") ? cell.substring(1) : cell;
            c = rename.getOrDefault(c, c);
            if (!seen.add(c)) {
                source.close();
                throw new PreparationException("'" + name + "' has the column '" + c + "' twice in its header");
            }
            h.add(c);
        }
        this.header = List.copyOf(h);
    }

    private static RowSource csv(InputStream in, String name) throws IOException {
        CSVParser parser = CSVParser.builder().setReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16))
                .setFormat(tabSeparated(name) ? TSV : CsvTables.READ).get();
        Iterator<CSVRecord> records = parser.iterator();
        if (!records.hasNext()) {
            parser.close();
            throw new PreparationException("'" + name + "' is empty: a CSV with a header row is expected");
        }
        List<String> header = records.next().toList();
        return new RowSource() {
            @Override
            public List<String> rawHeader() {
                return header;
            }

            @Override
            public String[] next() {
                return records.hasNext() ? records.next().values() : null;
            }

            @Override
            public long position() {
                return parser.getCurrentLineNumber();
            }

            @Override
            public void close() throws IOException {
                parser.close();
            }
        };
    }

    /** Opens a CSV; {@code name} is how messages refer to it (its path inside the raw directory). */
    public static CsvStream open(Path file, String name) {
        return open(file, name, Map.of());
    }

    /**
     * Opens a table whose header columns are renamed by {@code rename} (raw name -> new name) as they are read. By name:
     * {@code .tsv}/{@code .tsv.gz} are tab-separated, {@code .json}/{@code .jsonl} (optionally {@code .gz}) are JSON
     * records ({@link JsonRecords}), anything else is CSV.
     */
    public static CsvStream open(Path file, String name, Map<String, String> rename) {
        if (!Files.isRegularFile(file)) {
            throw new PreparationException("the raw data has no file '" + name + "'");
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            throw new PreparationException("'" + name + "' is a Parquet table; the declarative preparer reads CSV, TSV and "
                    + "JSON records only (the platform has no Parquet reader): prepare this task with pattern custom");
        }
        try {
            return new CsvStream(file, name, rename);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new PreparationException("cannot read '" + name + "' as " + (JsonRecords.isJson(name) ? "JSON records" : "CSV")
                    + ": " + rootMessage(e), e);
        }
    }

    /** Tab-separated values, quoted like RFC 4180 CSV (pandas {@code read_csv(sep="\\t")}). */
    private static final org.apache.commons.csv.CSVFormat TSV = CsvTables.READ.builder().setDelimiter('\t').get();

    static boolean tabSeparated(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".tsv") || n.endsWith(".tsv.gz");
    }

    public List<String> header() {
        return header;
    }

    /** Position of a column, or a message naming the file and its columns. */
    public int column(String column, String role) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new PreparationException("'" + name + "' has no " + role + " column '" + column + "' (columns: "
                    + abbreviate(header) + ")");
        }
        return i;
    }

    /** Share of the file's bytes consumed so far. */
    double fractionRead() {
        return Math.min(1, (double) counting.getCount() / size);
    }

    /** Rows padded to the header's width; a row with more cells than the header is an error. */
    @Override
    public Iterator<String[]> iterator() {
        return new Iterator<>() {
            private String[] ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = source.next();
                    } catch (IOException | UncheckedIOException | IllegalStateException e) {
                        throw new PreparationException("'" + name + "' is not valid " + (JsonRecords.isJson(name) ? "JSON"
                                : "CSV") + " near line " + source.position() + ": " + rootMessage(e), e);
                    }
                }
                return ahead != null;
            }

            @Override
            public String[] next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                String[] r = ahead;
                ahead = null;
                if (r.length > header.size()) {
                    throw new PreparationException("'" + name + "' line " + source.position() + " has "
                            + r.length + " fields but the header has " + header.size());
                }
                if (r.length == header.size()) {
                    return r;
                }
                String[] cells = new String[header.size()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = i < r.length ? r[i] : "";
                }
                return cells;
            }
        };
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CSVPrinter printer(Path file, List<String> header) throws IOException {
        Files.createDirectories(file.getParent());
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CsvTables.WRITE);
        p.printRecord(header);
        return p;
    }

    /** Data rows of a CSV file (quoted newlines counted correctly). */
    static int countRows(Path file) {
        try (CsvStream s = open(file, file.getFileName().toString())) {
            int n = 0;
            for (String[] ignored : s) {
                n++;
            }
            return n;
        }
    }

    static String abbreviate(List<String> cols) {
        return cols.size() <= 12 ? String.join(", ", cols)
                : String.join(", ", cols.subList(0, 12)) + ", ... (" + cols.size() + " columns)";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }


    /** A stream that counts what was read (Commons IO; no bound). */
    private static BoundedInputStream counting(InputStream in) {
        try {
            return BoundedInputStream.builder().setInputStream(in).get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
