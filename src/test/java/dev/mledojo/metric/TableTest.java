package dev.mledojo.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TableTest {

    private static Table csv(String text) {
        return CsvTables.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100);
    }

    @Test
    void parsed_columns_are_reused_by_row_and_column_selections_and_never_shared_with_callers() {
        Table t = Table.of("id,y,z", "a,1.5,x", "b,NA,y", "c,3,z");
        double[] first = t.numbers("y");
        first[0] = 99; // a caller clipping in place must not change the table
        assertThat(t.numbers("y")).containsExactly(1.5, Double.NaN, 3.0);
        Table part = t.selectRows(new int[] {2, 0});
        assertThat(part.numbers("y")).containsExactly(3.0, 1.5);
        assertThat(part.strings("id")).containsExactly("c", "a");
        Table narrow = part.selectColumns(java.util.List.of("y", "id"));
        assertThat(narrow.numbers("y")).containsExactly(3.0, 1.5);
        // a column never parsed before the selection is parsed from the selected cells
        Table other = Table.of("id,v", "a,1", "b,2", "c,3").selectRows(new int[] {1});
        assertThat(other.numbers("v")).containsExactly(2.0);
    }

    @Test
    void a_column_kept_as_numbers_only_lets_its_text_go_once_parsed_and_keeps_its_missing_cells() {
        Table t = csv("id,p,q\n3,0.25,x\n1,NA,y\n2,1e-3,z\n");
        Table aligned = t.selectRows(new int[] {1, 2, 0});
        aligned.keepOnlyNumbers(java.util.List.of("p"));
        // before the parse the text is still there
        assertThat(aligned.cell("p", 0)).isNull();
        assertThat(aligned.column("p")).containsExactly(null, "1e-3", "0.25");
        Table fresh = t.selectRows(new int[] {1, 2, 0});
        fresh.keepOnlyNumbers(java.util.List.of("p"));
        assertThat(fresh.numbersReadOnly("p")).containsExactly(Double.NaN, 0.001, 0.25);
        // parsed: the numbers stay (also in selections of the parts), the missing cells stay known, the text is gone
        assertThat(fresh.numbers("p")).containsExactly(Double.NaN, 0.001, 0.25);
        assertThat(fresh.missingCells("p").stream().toArray()).containsExactly(0);
        Table part = fresh.selectRows(new int[] {2, 1});
        assertThat(part.numbers("p")).containsExactly(0.25, 0.001);
        assertThat(part.missingCells("p").stream().toArray()).isEmpty();
        assertThatThrownBy(() -> fresh.cell("p", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Column 'p' is kept as numbers only");
        assertThatThrownBy(() -> part.strings("p")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fresh.type("p")).isInstanceOf(IllegalStateException.class);
        // other columns and the table the selection came from keep their text
        assertThat(fresh.strings("q")).containsExactly("y", "z", "x");
        // a column already parsed lets its text go when it is marked
        Table early = t.selectRows(new int[] {0, 1, 2});
        early.numbersReadOnly("p");
        early.keepOnlyNumbers(java.util.List.of("p"));
        assertThatThrownBy(() -> early.column("p")).isInstanceOf(IllegalStateException.class);
        assertThat(early.numbers("p")).containsExactly(0.25, Double.NaN, 0.001);
        assertThat(t.column("p")).containsExactly("0.25", null, "1e-3");
    }

    @Test
    void infers_dtypes_like_pandas() {
        Table t = csv("i,f,gap,b,bgap,s\n007,1.5,1,True,true,a\n2,2,,FALSE,,b\n");
        assertThat(t.type("i")).isEqualTo(ColumnType.INTEGER);
        assertThat(t.type("f")).isEqualTo(ColumnType.FLOAT);
        assertThat(t.type("gap")).isEqualTo(ColumnType.FLOAT);      // an integer column with a gap is float64
        assertThat(t.type("b")).isEqualTo(ColumnType.BOOLEAN);
        assertThat(t.type("bgap")).isEqualTo(ColumnType.TEXT);      // booleans with a gap are object
        assertThat(t.type("s")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void integers_beyond_int64_follow_pandas_c_parser() {
        // pandas 2.2 read_csv: int64 first, on overflow uint64 (no negatives, nothing missing), else object (text)
        Table t = csv("huge,neg,u64,u64neg,u64gap,big,edge,withdot\n"
                + "717897987691852588770249,-9223372036854775809,9223372036854775808,9223372036854775808,"
                + "18446744073709551615,18446744073709551616,9223372036854775807,99999999999999999999\n"
                + "-3,1,+5,-1,,1,-9223372036854775808,1.5\n");
        assertThat(t.type("huge")).isEqualTo(ColumnType.TEXT);      // beyond uint64
        assertThat(t.type("neg")).isEqualTo(ColumnType.TEXT);       // below int64
        assertThat(t.type("u64")).isEqualTo(ColumnType.INTEGER);    // uint64
        assertThat(t.type("u64neg")).isEqualTo(ColumnType.TEXT);    // uint64 and a negative: no common dtype
        assertThat(t.type("u64gap")).isEqualTo(ColumnType.TEXT);    // uint64 and a missing cell
        assertThat(t.type("big")).isEqualTo(ColumnType.TEXT);       // 2^64
        assertThat(t.type("edge")).isEqualTo(ColumnType.INTEGER);   // int64 bounds
        assertThat(t.type("withdot")).isEqualTo(ColumnType.FLOAT);  // a decimal point anywhere: float64
        assertThat(t.strings("huge")).containsExactly("717897987691852588770249", "-3");
        assertThat(t.strings("u64")).containsExactly("9223372036854775808", "5");
        assertThat(t.strings("u64gap")).containsExactly("18446744073709551615", "nan");
        assertThat(t.strings("edge")).containsExactly("9223372036854775807", "-9223372036854775808");
        assertThat(t.strings("withdot")).containsExactly("1e+20", "1.5");
    }

    @Test
    void renders_cells_as_astype_str_would() {
        Table t = csv("i,gap,b,s\n007,1,true,NA\n2,,False,x\n");
        assertThat(t.strings("i")).containsExactly("7", "2");
        assertThat(t.strings("gap")).containsExactly("1.0", "nan");
        assertThat(t.strings("b")).containsExactly("True", "False");
        assertThat(t.strings("s")).containsExactly("nan", "x");   // 'NA' is a missing-value token
    }

    @Test
    void python_repr_of_floats() {
        assertThat(PyFormat.repr(0.1)).isEqualTo("0.1");
        assertThat(PyFormat.repr(12.0)).isEqualTo("12.0");
        assertThat(PyFormat.repr(1e-05)).isEqualTo("1e-05");
        assertThat(PyFormat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFormat.repr(500.0001)).isEqualTo("500.0001");
        assertThat(PyFormat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyFormat.repr(123456789012345.0)).isEqualTo("123456789012345.0");
        assertThat(PyFormat.repr(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(PyFormat.repr(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void numbers_parse_inf_and_missing_and_reject_text() {
        Table t = csv("a\n1.5\ninf\n-Infinity\n\n");
        double[] a = t.numbers("a");
        assertThat(a[0]).isEqualTo(1.5);
        assertThat(a[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(a[2]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.rowCount()).isEqualTo(3); // blank lines are skipped
        assertThatThrownBy(() -> csv("a\n1\n2d\n").numbers("a"))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("row 2").hasMessageContaining("2d");
    }

    @Test
    void short_rows_are_padded_and_quoted_fields_kept() {
        Table t = csv("id,text\n1\n2,\"a, b\"\n");
        assertThat(t.cell("text", 0)).isNull();
        assertThat(t.cell("text", 1)).isEqualTo("a, b");
    }

    @Test
    void a_byte_order_mark_does_not_hide_the_first_column() {
        Table t = csv("\uFEFFid,y\n1,2\n");
        assertThat(t.hasColumn("id")).isTrue();
    }
}
