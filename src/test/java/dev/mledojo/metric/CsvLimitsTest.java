package dev.mledojo.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The CSV reader checks each record's length and field count while it reads (hostile audit, finding 7: a 40 MB single
 * line took the heap to 1.2 GB, a million header columns made a 35 MB message): the inputs here are generated on the
 * fly, never held in memory, and each test asserts how little of them was read before the refusal.
 */
class CsvLimitsTest {

    /** Slack for read-ahead: the decoder's and the reader's buffers (64 Ki characters and a few KiB). */
    private static final long READ_AHEAD = 256 << 10;

    /** A generated stream: a prefix, then {@code fill} repeated up to {@code total} bytes; counts what was read. */
    static final class Generated extends InputStream {
        private final byte[] prefix;
        private final byte[] fill;
        private final long total;
        long served;

        Generated(String prefix, String fill, long total) {
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
            this.fill = fill.getBytes(StandardCharsets.UTF_8);
            this.total = total;
        }

        private int at(long i) {
            return i < prefix.length ? prefix[(int) i] : fill[(int) ((i - prefix.length) % fill.length)];
        }

        @Override
        public int read() {
            return served < total ? at(served++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - served);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) at(served++);
            }
            return n;
        }
    }

    private static InvalidSubmissionException refused(InputStream in, CsvLimits limits) {
        return catchThrowableOfType(InvalidSubmissionException.class, () -> CsvTables.read(in, limits));
    }

    @Test
    void a_40_mb_line_is_refused_after_the_limit_not_after_the_line() {
        Generated in = new Generated("id,pred\n1,", "x", 40_000_000L);
        InvalidSubmissionException e = refused(in, new CsvLimits(1000, 1 << 20, 100));
        assertThat(e.kind()).isEqualTo(SubmissionErrorKind.LINE_TOO_LONG);
        assertThat(e.getMessage()).isEqualTo("Line 2 is longer than 1,048,576 characters (a record, with the line breaks"
                + " of quoted cells); the file was not read further.");
        assertThat(in.served).as("bytes read of 40 MB").isLessThan((1 << 20) + READ_AHEAD);
    }

    @Test
    void the_default_limit_stops_a_40_mb_line_at_16_mib() {
        Generated in = new Generated("id,pred\n", "7", 40_000_000L);
        InvalidSubmissionException e = refused(in, CsvLimits.rows(1000));
        assertThat(e.kind()).isEqualTo(SubmissionErrorKind.LINE_TOO_LONG);
        assertThat(e.getMessage()).startsWith("Line 2 is longer than 16,777,216 characters");
        assertThat(in.served).isLessThan((16L << 20) + READ_AHEAD);
    }

    @Test
    void a_million_header_columns_stop_at_the_column_limit_with_a_short_message() {
        Generated in = new Generated("", "c,", 2_000_000L); // a million fields in one header line
        InvalidSubmissionException e = refused(in, CsvLimits.rows(1000));
        assertThat(e.kind()).isEqualTo(SubmissionErrorKind.TOO_MANY_COLUMNS);
        assertThat(e.getMessage()).isEqualTo("Line 1 has more than 10,000 fields; the file was not read further.");
        assertThat(in.served).isLessThan(2 * 10_001 + READ_AHEAD);
    }

    @Test
    void a_data_row_with_too_many_fields_stops_early_too() {
        Generated in = new Generated("id,pred\n1,", "0,", 40_000_000L);
        InvalidSubmissionException e = refused(in, new CsvLimits(1000, 64 << 20, 50));
        assertThat(e.kind()).isEqualTo(SubmissionErrorKind.TOO_MANY_COLUMNS);
        assertThat(e.getMessage()).startsWith("Line 2 has more than 50 fields");
        assertThat(in.served).isLessThan(READ_AHEAD + 200);
    }

    private static Table csv(String text, CsvLimits limits) {
        return CsvTables.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limits);
    }

    @Test
    void records_are_told_apart_like_the_parser_does() {
        CsvLimits tight = new CsvLimits(1000, 24, 3);
        // commas and line breaks inside quotes belong to one field; a doubled quote stays inside the cell
        Table quoted = csv("id,text\n1,\"a,b,c,d\"\n2,\"x\"\"y,z\"\n", tight);
        assertThat(quoted.strings("text")).containsExactly("a,b,c,d", "x\"y,z");
        // a quote in the middle of an unquoted cell is a literal character, not the start of a quoted cell, so the
        // next lines are records of their own (not one growing record)
        Table stray = csv("id,size\n1,5\" screen\n2,7 inch\n3,9 inch\n4,1 inch\n", tight);
        assertThat(stray.rowCount()).isEqualTo(4);
        // many short lines are fine however long the file
        assertThat(csv("id,v\n" + "1,2\n".repeat(500), tight).rowCount()).isEqualTo(500);
        // CRLF line ends
        assertThat(csv("id,v\r\n1,2\r\n3,4\r\n", tight).rowCount()).isEqualTo(2);
        // a quoted cell spanning lines counts as one record
        InvalidSubmissionException e = catchThrowableOfType(InvalidSubmissionException.class,
                () -> csv("id,text\n1,\"aaaaaaaaaa\nbbbbbbbbbb\ncccccccccc\"\n", tight));
        assertThat(e.kind()).isEqualTo(SubmissionErrorKind.LINE_TOO_LONG);
        assertThat(e.getMessage()).startsWith("Line 2 is longer than 24 characters");
    }

    @Test
    void trusted_files_have_no_line_or_column_limit() {
        String wide = "c0" + java.util.stream.IntStream.range(1, 10_050).mapToObj(i -> ",c" + i)
                .collect(java.util.stream.Collectors.joining()) + "\n" + "1,".repeat(10_049) + "1\n";
        assertThat(csv(wide, CsvLimits.none()).columns()).hasSize(10_050);
    }
}
