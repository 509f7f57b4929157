package dev.mledojo.metric;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a UTF-8 CSV with a header row straight from its bytes into {@link ByteColumn}s, the way Commons CSV's RFC 4180
 * format reads it (records end at LF, CR or CRLF; a quote opens a quoted cell only at the start of a field, inside it
 * a doubled quote is a literal quote and line breaks belong to the cell; after the closing quote only white space may
 * come before the delimiter; a quote inside an unquoted cell is a literal character), with pandas' reading on top (a
 * record of one empty field, a blank line, is skipped; missing-value tokens become missing cells; short rows are
 * padded with missing cells).
 *
 * <p>The limits are checked while the bytes stream by, before a record is held: the characters of a record (its line,
 * or its lines when a quoted cell spans several), its fields, and the data rows. It reads in 64 KiB chunks and keeps
 * no object per cell: a 1,000,000-row, 25 MB file becomes a few arrays.
 */
final class CsvScanner {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final CsvLimits limits;

    // where the scanner stands
    private long line = 1;          // physical line being read
    private long recordLine = 1;    // physical line where the current record started
    private long recordChars;
    private int field;              // index of the field being read in the current record
    private boolean fieldStart = true;
    private int quote;              // 0 unquoted, 1 inside quotes, 2 a quote inside quotes, 3 after the closing quote
    private int rows;

    // what it collected
    private List<String> header;
    private final List<byte[]> headerCells = new ArrayList<>();
    private final ByteColumn.Builder headerCell = new ByteColumn.Builder();
    private ByteColumn.Builder[] columns;

    private CsvScanner(InputStream in, CsvLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Reads the whole stream into a table. */
    static Table read(InputStream in, CsvLimits limits) throws IOException {
        return new CsvScanner(in, limits).scan();
    }

    private Table scan() throws IOException {
        byte[] buf = new byte[CHUNK];
        boolean first = true;
        boolean pendingCr = false;   // a CR ended a record: a directly following LF belongs to it
        boolean anyInRecord = false; // the current record has at least one byte (or a delimiter)
        int n;
        while ((n = in.readNBytes(buf, 0, CHUNK)) > 0) {
            int i = 0;
            if (first) {
                first = false;
                if (n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                    i = 3; // a byte order mark before the header
                }
            }
            while (i < n) {
                byte b = buf[i];
                if (pendingCr) {
                    pendingCr = false;
                    if (b == '\n') {
                        countChar(b);
                        line++;
                        i++;
                        recordChars = 0;
                        continue;
                    }
                }
                if (quote == 1) {
                    // inside a quoted cell: copy a run up to the next quote
                    int j = i;
                    while (j < n && buf[j] != '"') {
                        countChar(buf[j]);
                        if (buf[j] == '\n') {
                            line++;
                        }
                        j++;
                    }
                    cell().append(buf, i, j - i);
                    if (j < n) {
                        countChar(buf[j]);
                        quote = 2;
                        j++;
                    }
                    i = j;
                    continue;
                }
                countChar(b);
                if (quote == 2) {
                    if (b == '"') {
                        cell().append(b); // "" is a literal quote
                        quote = 1;
                        i++;
                        continue;
                    }
                    quote = 3; // the closing quote: b comes after the cell
                }
                switch (b) {
                    case ',' -> {
                        endField();
                        anyInRecord = true;
                        if (++field >= limits.maxColumns()) {
                            throw new InvalidSubmissionException(SubmissionErrorKind.TOO_MANY_COLUMNS, "Line "
                                    + recordLine + " has more than " + count(limits.maxColumns())
                                    + " fields; the file was not read further.");
                        }
                    }
                    case '\n', '\r' -> {
                        if (b == '\n') {
                            line++;
                        } else {
                            pendingCr = true;
                        }
                        endRecord();
                        anyInRecord = false;
                        recordLine = line;
                        recordChars = 0;
                    }
                    case '"' -> {
                        if (quote == 3) {
                            throw afterQuote();
                        }
                        if (fieldStart) {
                            quote = 1;
                        } else {
                            cell().append(b);
                        }
                        fieldStart = false;
                        anyInRecord = true;
                    }
                    default -> {
                        if (quote == 3) {
                            if (!whitespace(b)) {
                                throw afterQuote();
                            }
                        } else {
                            // an unquoted run up to the next delimiter, line end or quote
                            int j = i + 1;
                            while (j < n) {
                                byte c = buf[j];
                                if (c == ',' || c == '\n' || c == '\r' || c == '"') {
                                    break;
                                }
                                countChar(c);
                                j++;
                            }
                            cell().append(buf, i, j - i);
                            fieldStart = false;
                            anyInRecord = true;
                            i = j;
                            continue;
                        }
                    }
                }
                i++;
            }
        }
        if (quote == 1) {
            throw new InvalidSubmissionException(SubmissionErrorKind.UNREADABLE_CSV, "The file is not valid CSV: the"
                    + " quoted cell of line " + recordLine + " is never closed (a quote inside a quoted cell is"
                    + " written twice: \"\").");
        }
        if (anyInRecord || quote != 0 || cellLength() > 0) {
            endRecord();
        }
        if (header == null) {
            throw new InvalidSubmissionException(SubmissionErrorKind.EMPTY_FILE, "The file is empty: no header row.");
        }
        List<ByteColumn> built = new ArrayList<>(columns.length);
        for (ByteColumn.Builder c : columns) {
            built.add(c.build());
        }
        return Table.ofByteColumns(header, built, rows);
    }

    private InvalidSubmissionException afterQuote() {
        return new InvalidSubmissionException(SubmissionErrorKind.UNREADABLE_CSV, "The file is not valid CSV: line "
                + line + " has a character after the closing quote of a cell (a quote inside a quoted cell is written"
                + " twice: \"\").");
    }

    /** Commons CSV skips white space (Java's {@code Character.isWhitespace}) between a closing quote and the delimiter. */
    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == 0x0B || b == 0x0C || (b >= 0x1C && b <= 0x1F);
    }

    /** Counts a character of the current record (UTF-16 units, as a decoded reader would). */
    private void countChar(byte b) {
        if ((b & 0xC0) == 0x80) {
            return; // a continuation byte
        }
        recordChars += (b & 0xF8) == 0xF0 ? 2 : 1;
        if (recordChars > limits.maxLineChars()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.LINE_TOO_LONG, "Line " + recordLine
                    + " is longer than " + count(limits.maxLineChars()) + " characters (a record, with the line breaks of"
                    + " quoted cells); the file was not read further.");
        }
    }

    private final ByteColumn.Builder discard = new ByteColumn.Builder();

    /** Where the bytes of the current field go. */
    private ByteColumn.Builder cell() {
        if (header == null) {
            return headerCell;
        }
        if (field < columns.length) {
            return columns[field];
        }
        return discard;
    }

    private int cellLength() {
        return cell().cellLength();
    }

    private void endField() {
        if (header == null) {
            headerCells.add(headerCell.pendingBytes());
            headerCell.commitMissing();
        } else if (field < columns.length) {
            if (field == 0 && rows >= limits.maxRows()) {
                throw tooManyRows();
            }
            columns[field].commit();
        } else {
            discard.skipCell();
        }
        fieldStart = true;
        quote = 0;
    }

    private void endRecord() {
        if (header == null) {
            endField();
            header = header(headerCells);
            columns = new ByteColumn.Builder[header.size()];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = new ByteColumn.Builder();
            }
            field = 0;
            return;
        }
        if (field > 0 || columns[0].cellLength() > 0) {
            if (field >= columns.length) {
                throw new InvalidSubmissionException(SubmissionErrorKind.UNREADABLE_CSV, "Line " + recordLine + " has "
                        + (field + 1) + " fields but the header has " + columns.length + ".");
            }
            endField();
            for (int c = field + 1; c < columns.length; c++) {
                columns[c].commitMissing();
            }
            rows++;
        }
        // else: a blank line (one empty field, also a quoted one), skipped as pandas does
        field = 0;
        fieldStart = true;
        quote = 0;
    }

    private InvalidSubmissionException tooManyRows() {
        return new InvalidSubmissionException(SubmissionErrorKind.TOO_MANY_ROWS,
                "The file has more than " + limits.maxRows() + " data rows.");
    }

    private static List<String> header(List<byte[]> cells) {
        List<String> header = new ArrayList<>(cells.size());
        Set<String> seen = new HashSet<>();
        for (byte[] cell : cells) {
            String name = new String(cell, StandardCharsets.UTF_8);
            String cleaned = name.startsWith("\uFEFF") ? name.substring(1) : name;
            if (!seen.add(cleaned)) {
                throw new InvalidSubmissionException(SubmissionErrorKind.DUPLICATE_COLUMNS,
                        "Column '" + Table.abbreviate(cleaned) + "' appears more than once in the header.");
            }
            header.add(cleaned);
        }
        return header;
    }

    private static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }
}
