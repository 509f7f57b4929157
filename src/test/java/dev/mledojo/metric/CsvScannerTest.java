package dev.mledojo.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner reads what the previous reader (Apache Commons CSV's RFC 4180 format, then pandas' rules) read: the
 * same cells, the same rows, a refusal where it refused; numbers and dtypes from the bytes equal those from the text.
 * Differential over generated inputs full of the hard cases (quotes, doubled quotes, line breaks in quotes, CR, CRLF,
 * blank lines, missing-value tokens, short and long rows, non-ASCII, white space after a closing quote).
 */
class CsvScannerTest {

    private static final String[] PIECES = {"a", "b", "1", "-2", "3.5", "1e3", ",", ",", ",", "\n", "\n", "\r\n", "\r",
        "\"", "\"\"", "\"x,y\"", "\"q\"\"q\"", "\"l1\nl2\"", " ", "NA", "nan", "None", "", "é", "日本", "\uD83D\uDE00", "\t",
        "True", "\"\" ", "\" a \"  ", "007", "+5", "99999999999999999999", "1.#IND", "-1.#QNAN", "#N/A", "<NA>",
        "1.5", "n/a"};

    /** The previous reader: Commons CSV records, blank records skipped, longer rows refused, NA tokens missing. */
    private static Table reference(String text) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CsvTables.READ).get()) {
            List<String> header = null;
            List<String[]> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = new ArrayList<>();
                    for (String name : record) {
                        header.add(name.startsWith("\uFEFF") ? name.substring(1) : name);
                    }
                    if (header.stream().distinct().count() != header.size()) {
                        return null;
                    }
                    continue;
                }
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (record.size() > header.size()) {
                    return null;
                }
                rows.add(record.values());
            }
            return header == null ? null : Table.ofRows(header, rows);
        } catch (UncheckedIOException | IllegalStateException | IOException e) {
            return null;
        }
    }

    private static Table scanned(String text) {
        try {
            return CsvTables.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), CsvLimits.none());
        } catch (InvalidSubmissionException e) {
            assertThat(e.kind()).isIn(SubmissionErrorKind.UNREADABLE_CSV, SubmissionErrorKind.EMPTY_FILE,
                    SubmissionErrorKind.DUPLICATE_COLUMNS);
            return null;
        }
    }

    @Test
    void reads_what_commons_csv_read_on_generated_inputs() {
        Random random = new Random(7);
        int compared = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder("id,v,w\n");
            int pieces = random.nextInt(30);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            if (readsTheSame(text.toString())) {
                compared++;
            }
        }
        assertThat(compared).as("inputs read by both").isGreaterThan(5_000);
    }

    /** Both readers refuse {@code csv} (false), or both read the same cells, dtypes and texts (true). */
    private static boolean readsTheSame(String csv) {
        Table expected = reference(csv);
        Table actual = scanned(csv);
        if (expected == null) {
            assertThat(actual).as("refused: %s", csv).isNull();
            return false;
        }
        assertThat(actual).as("read: %s", csv).isNotNull();
        assertThat(actual.columns()).as(csv).isEqualTo(expected.columns());
        assertThat(actual.rowCount()).as(csv).isEqualTo(expected.rowCount());
        for (String c : expected.columns()) {
            assertThat(actual.column(c)).as("%s in %s", c, csv).containsExactly(expected.column(c));
            assertThat(actual.type(c)).as("%s in %s", c, csv).isEqualTo(expected.type(c));
            assertThat(actual.strings(c)).as("%s in %s", c, csv).containsExactly(expected.strings(c));
        }
        return true;
    }

    @Test
    void long_inputs_whose_cells_cross_the_column_chunks_read_the_same() {
        // columns grow in chunks (256 bytes doubling to 256 KiB): cells, NA tokens and dropped cells across their
        // seams. Rows are built cell by cell (a random long text would have a lone quote or a long row and be refused)
        List<String> plain = new ArrayList<>();
        List<String> quoted = new ArrayList<>();
        for (String p : PIECES) {
            if (p.strip().length() >= 2 && p.startsWith("\"") && p.strip().endsWith("\"")) {
                quoted.add(p.strip());
            } else if (!p.contains("\"") && !p.contains(",") && !p.contains("\n") && !p.contains("\r")) {
                plain.add(p);
            }
        }
        quoted.add("\"" + "z".repeat(700) + "\"");
        String[] endings = {"\n", "\r\n", "\r"};
        Random random = new Random(11);
        int read = 0;
        for (int n = 0; n < 150; n++) {
            StringBuilder text = new StringBuilder("id,v,w\n");
            int rows = 50 + random.nextInt(600);
            for (int r = 0; r < rows; r++) {
                int cells = 1 + random.nextInt(3); // short rows too
                for (int c = 0; c < cells; c++) {
                    if (c > 0) {
                        text.append(',');
                    }
                    if (random.nextInt(8) == 0) {
                        text.append(quoted.get(random.nextInt(quoted.size())));
                    } else {
                        for (int k = random.nextInt(4); k > 0; k--) {
                            text.append(plain.get(random.nextInt(plain.size())));
                        }
                    }
                }
                text.append(endings[random.nextInt(endings.length)]);
            }
            if (readsTheSame(text.toString())) {
                read++;
            }
        }
        assertThat(read).as("long inputs read by both").isGreaterThan(100);
    }

    @Test
    void a_column_builder_joins_its_chunks_into_the_cells_it_was_given() {
        ByteColumn.Builder b = new ByteColumn.Builder();
        byte[] filler = "x".repeat(254).getBytes(StandardCharsets.US_ASCII);
        b.append(filler, 0, filler.length);
        b.commit();                                   // cell 0: 254 bytes, the first chunk holds 256
        b.append((byte) 'N');
        b.append((byte) 'a');                         // the first chunk is full here
        b.append((byte) 'N');
        b.commit();                                   // cell 1: "NaN" across the seam is missing
        byte[] big = new byte[3 << 20];               // cell 2: a dozen chunks
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        b.append(big, 0, big.length);
        assertThat(b.pendingBytes()).isEqualTo(big);
        b.commit();
        b.append(big, 0, 5000);
        b.commitMissing();                            // cell 3: dropped bytes give their chunks back
        b.append("tail".getBytes(StandardCharsets.US_ASCII), 0, 4);
        b.skipCell();                                 // a field beyond the header: not a cell
        b.append("7".getBytes(StandardCharsets.US_ASCII), 0, 1);
        b.commit();                                   // cell 4
        ByteColumn col = b.build();

        assertThat(col.size()).isEqualTo(5);
        assertThat(col.get(0)).isEqualTo("x".repeat(254));
        assertThat(col.isMissing(1)).isTrue();
        assertThat(col.get(2).getBytes(StandardCharsets.US_ASCII)).isEqualTo(big);
        assertThat(col.isMissing(3)).isTrue();
        assertThat(col.get(4)).isEqualTo("7");
        assertThat(col.data).hasSize(254 + big.length + 1); // exactly the cells' bytes
        assertThat(col.fixedWidth()).isFalse();

        // cells of one width keep no end offsets (one-hot columns, fixed-width ids)
        ByteColumn.Builder f = new ByteColumn.Builder();
        for (String v : new String[] {"10", "11", "NA", "07"}) {
            f.append(v.getBytes(StandardCharsets.US_ASCII), 0, 2);
            f.commit();
        }
        ByteColumn oneWidth = f.build();
        assertThat(oneWidth.fixedWidth()).isFalse(); // the missing cell has no bytes
        ByteColumn.Builder g = new ByteColumn.Builder();
        for (String v : new String[] {"0", "1", "1", "0", "1"}) {
            g.append(v.getBytes(StandardCharsets.US_ASCII), 0, 1);
            g.commit();
        }
        ByteColumn fixed = g.build();
        assertThat(fixed.fixedWidth()).isTrue();
        assertThat(fixed.strings()).containsExactly("0", "1", "1", "0", "1");
        assertThat(fixed.number(2)).isEqualTo(1.0);
        assertThat(fixed.select(new int[] {4, 0}).strings()).containsExactly("1", "0");
        assertThat(fixed.select(new int[] {4, 0}).size()).isEqualTo(2);
    }

    @Test
    void a_selection_reads_its_numbers_in_file_order_with_the_same_values_and_refusals() {
        Table plain = scanned("id,v\n1,0.5\n2,NA\n3,1e3\n4,-0\n");
        assertThat(plain.selectRows(new int[] {2, 0, 1, 3}).numbers("v")).containsExactly(1000.0, 0.5, Double.NaN, -0.0);
        // a cell that is not a plain number: read cell by cell, as before
        Table words = scanned("id,v\n1,0.5\n2, inf\n3,True\n");
        assertThat(words.selectRows(new int[] {2, 1, 0}).numbers("v"))
                .containsExactly(1.0, Double.POSITIVE_INFINITY, 0.5);
        Table bad = scanned("id,v\n1,x\n2,3\n");
        InvalidSubmissionException e = catchThrowableOfType(InvalidSubmissionException.class,
                () -> bad.selectRows(new int[] {1, 0}).numbers("v"));
        assertThat(e.getMessage()).isEqualTo("Column 'v' must be numeric, but row 2 holds 'x'.");
    }

    @Test
    void numbers_and_dtypes_from_bytes_equal_those_from_text() {
        Random random = new Random(11);
        String[] shapes = {"%d", "%.6f", "%.17g", "%e", "-%d", "+%d", "%.3f", "0%d", "%d.", ".%d", "%dE5", "%d_0",
            "%d ", " %d", "%dd", "%df", "0x%dp1", "inf", "-Infinity", "1-2", "--1", "+", "-", ".", "e5", "True"};
        for (int n = 0; n < 50_000; n++) {
            String shape = shapes[random.nextInt(shapes.length)];
            Object value = shape.contains("d") && !shape.contains("f") && !shape.contains("g") && !shape.contains("e")
                    ? (Object) (long) random.nextInt(1_000_000) : (Object) (random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            String cell;
            try {
                cell = String.format(java.util.Locale.ROOT, shape, value);
            } catch (java.util.IllegalFormatException e) {
                cell = String.format(java.util.Locale.ROOT, shape.replace("%d", "%s"), value);
            }
            Table t = CsvTables.read(new ByteArrayInputStream(("v\n\"" + cell.replace("\"", "\"\"") + "\"\n")
                    .getBytes(StandardCharsets.UTF_8)), CsvLimits.none());
            Table text = Table.ofColumns(List.of("v"), List.<String[]>of(new String[] {cell}));
            assertThat(t.type("v")).as(cell).isEqualTo(text.type("v"));
            double fromBytes = numberOrError(t);
            double fromText = numberOrError(text);
            assertThat(Double.doubleToRawLongBits(fromBytes)).as(cell).isEqualTo(Double.doubleToRawLongBits(fromText));
        }
    }

    private static double numberOrError(Table t) {
        try {
            return t.numbers("v")[0];
        } catch (InvalidSubmissionException e) {
            return -12345.678; // both must refuse alike
        }
    }

    @Test
    void refusals_are_typed_and_say_where() {
        InvalidSubmissionException open = catchThrowableOfType(InvalidSubmissionException.class,
                () -> CsvTables.read(new ByteArrayInputStream("id,v\n1,2\n2,\"open\n".getBytes(StandardCharsets.UTF_8)),
                        CsvLimits.none()));
        assertThat(open.kind()).isEqualTo(SubmissionErrorKind.UNREADABLE_CSV);
        assertThat(open.getMessage()).isEqualTo("The file is not valid CSV: the quoted cell of line 3 is never closed"
                + " (a quote inside a quoted cell is written twice: \"\").");
        InvalidSubmissionException after = catchThrowableOfType(InvalidSubmissionException.class,
                () -> CsvTables.read(new ByteArrayInputStream("id,v\n1,\"2\"x\n".getBytes(StandardCharsets.UTF_8)),
                        CsvLimits.none()));
        assertThat(after.kind()).isEqualTo(SubmissionErrorKind.UNREADABLE_CSV);
        assertThat(after.getMessage()).startsWith("The file is not valid CSV: line 2 has a character after the closing"
                + " quote of a cell");
        InvalidSubmissionException wide = catchThrowableOfType(InvalidSubmissionException.class,
                () -> CsvTables.read(new ByteArrayInputStream("id,v\n1,2\n3,4,5,6\n".getBytes(StandardCharsets.UTF_8)),
                        CsvLimits.none()));
        assertThat(wide.kind()).isEqualTo(SubmissionErrorKind.UNREADABLE_CSV);
        assertThat(wide.getMessage()).isEqualTo("Line 3 has 4 fields but the header has 2.");
        InvalidSubmissionException many = catchThrowableOfType(InvalidSubmissionException.class,
                () -> CsvTables.read(new ByteArrayInputStream("id,v\n1,2\n\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8)),
                        CsvLimits.rows(2)));
        assertThat(many.kind()).isEqualTo(SubmissionErrorKind.TOO_MANY_ROWS);
        assertThat(many.getMessage()).isEqualTo("The file has more than 2 data rows.");
    }

    @Test
    void a_byte_order_mark_and_selections_keep_the_cells() {
        Table t = CsvTables.read(new ByteArrayInputStream("\uFEFFid,v\n10,a\n11,NA\n12,\"c\"\"d\"\n"
                .getBytes(StandardCharsets.UTF_8)), CsvLimits.none());
        assertThat(t.columns()).containsExactly("id", "v");
        Table picked = t.selectRows(new int[] {2, 1, 2});
        assertThat(picked.column("v")).containsExactly("c\"d", null, "c\"d");
        assertThat(picked.int64s("id")).containsExactly(12, 11, 12);
        assertThat(picked.cell("v", 0)).isEqualTo("c\"d");
        assertThat(t.int64s("v")).isNull();
    }
}
