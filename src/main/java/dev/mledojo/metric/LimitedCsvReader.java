package dev.mledojo.metric;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Counts what passes on to the CSV parser and stops a record that is too long or has too many fields as soon as the
 * limit is crossed, before the parser has built the record: a 40 MB line fails after 16 Mi characters instead of
 * filling the heap, and a header of a million columns fails at column 10,001. Records are told apart the way
 * Commons CSV's RFC 4180 lexer does: a quote opens a quoted cell only at the start of a field, inside it a doubled
 * quote is a literal quote, and line breaks inside quotes belong to the record.
 */
final class LimitedCsvReader extends FilterReader {

    private final int maxRecordChars;
    private final int maxFields;

    private long line = 1;          // physical line being read
    private long recordLine = 1;    // physical line where the current record started
    private long recordChars;
    private int fields = 1;
    private boolean fieldStart = true;
    private boolean inQuotes;
    private boolean quoteInQuotes;  // a quote inside a quoted cell: the next character tells escape from close

    LimitedCsvReader(Reader in, int maxRecordChars, int maxFields) {
        super(in);
        this.maxRecordChars = maxRecordChars;
        this.maxFields = maxFields;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            see((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            see(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported: every character is counted");
    }

    private void see(char c) {
        if (++recordChars > maxRecordChars) {
            throw new InvalidSubmissionException(SubmissionErrorKind.LINE_TOO_LONG, "Line " + recordLine
                    + " is longer than " + count(maxRecordChars) + " characters (a record, with the line breaks of "
                    + "quoted cells); the file was not read further.");
        }
        if (c == '\n') {
            line++;
        }
        if (inQuotes) {
            if (quoteInQuotes) {
                quoteInQuotes = false;
                if (c == '"') {
                    return; // "" is a literal quote
                }
                inQuotes = false; // the cell's closing quote: c is outside it
            } else {
                if (c == '"') {
                    quoteInQuotes = true;
                }
                return;
            }
        }
        switch (c) {
            case '"' -> {
                if (fieldStart) {
                    inQuotes = true;
                }
                fieldStart = false;
            }
            case ',' -> {
                if (++fields > maxFields) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.TOO_MANY_COLUMNS, "Line " + recordLine
                            + " has more than " + count(maxFields) + " fields; the file was not read further.");
                }
                fieldStart = true;
            }
            case '\n', '\r' -> {
                recordLine = line;
                recordChars = 0;
                fields = 1;
                fieldStart = true;
            }
            default -> fieldStart = false;
        }
    }

    private static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
    }
}
