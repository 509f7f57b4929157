package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;

import java.util.List;

import org.junit.jupiter.api.Test;

class F1Test {

    private final MacroF1 macro = new MacroF1();
    private final F1Binary binary = new F1Binary();
    private final MicroF1Multilabel micro = new MicroF1Multilabel();
    private final MeanRowF1 rows = new MeanRowF1();
    private final SpanMicroF1 spans = new SpanMicroF1();

    @Test
    void macroF1Examples() {
        assertThat(macro.id()).isEqualTo("macro_f1");
        assertThat(macro.score(col("y", "0", "1", "2", "0", "1", "2"), col("y", "0", "2", "1", "0", "0", "1"),
                ctx("y"))).isCloseTo(0.266667, within(TOL));
        // 'c' only predicted: F1 0, still averaged
        assertThat(macro.score(col("y", "a", "b", "a"), col("y", "a", "b", "c"), ctx("y")))
                .isCloseTo(0.555556, within(TOL));
    }

    @Test
    void macroF1LabelTyping() {
        assertThatThrownBy(() -> macro.score(col("y", "1", "2", "3"), col("y", "1", "x", "3"), ctx("y")))
                .isInstanceOf(ScoringException.class).hasMessageContaining("Mix of label input types");
        // 2.0 and 2 are the same label
        assertThat(macro.score(col("y", "1", "2"), col("y", "1.0", "2.0"), ctx("y"))).isCloseTo(1.0, within(TOL));
    }

    @Test
    void binaryF1() {
        assertThat(binary.id()).isEqualTo("f1_binary");
        var ctx = ctx("target", "impl", "sklearn.f1_score", "pos_label", 1);
        assertThat(binary.score(col("target", "1", "0", "1", "1", "0"), col("target", "1", "0", "0", "1", "1"), ctx))
                .isCloseTo(0.666667, within(TOL));
        assertThat(binary.score(col("target", "0", "0"), col("target", "0", "0"), ctx)).isEqualTo(0.0);
        assertThatThrownBy(() -> binary.score(col("target", "0", "1"), col("target", "0", "2"), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("multiclass");
        assertThatThrownBy(() -> binary.score(col("target", "a", "b"), col("target", "a", "b"), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("pos_label");
    }

    @Test
    void binaryF1ReadsARenamedPredictionColumn() {
        var ctx = new MetricContext("qid", List.of("target"), MetricParams.of("prediction_column", "prediction"));
        var truth = dev.mledojo.metric.Table.of("qid,target", "a,1", "b,0", "c,1");
        var sub = dev.mledojo.metric.Table.of("qid,prediction", "a,1", "b,0", "c,0");
        assertThat(binary.score(truth, sub, ctx)).isCloseTo(2.0 / 3, within(TOL));
    }

    @Test
    void microF1IgnoresTokensOutsideTheTruthUniverse() {
        assertThat(micro.id()).isEqualTo("micro_f1_multilabel");
        assertThat(micro.score(col("a", "1 2", "3"), col("a", "1 5", "3 2"), ctx("a")))
                .isCloseTo(0.666667, within(TOL));
    }

    @Test
    void meanRowF1Variants() {
        assertThat(rows.id()).isEqualTo("mean_row_f1");
        var truth = col("t", "a b", "c", " ");
        var pred = col("t", "a", "c", " ");
        assertThat(rows.score(truth, pred, ctx("t", "empty_both", 1.0))).isCloseTo(0.888889, within(TOL));
        assertThat(rows.score(truth, pred, ctx("t", "empty_both", 0.0))).isCloseTo(0.555556, within(TOL));
    }

    @Test
    void meanRowF1Nan() {
        var truth = col("t", "a", "b");
        var pred = col("t", "a", "");
        // facebook: NaN is the token 'nan' (no match here)
        assertThat(rows.score(truth, pred, ctx("t", "tokens", "whitespace-split str() (NaN -> token 'nan')",
                "empty_both", 1.0))).isCloseTo(0.5, within(TOL));
        assertThat(rows.score(col("t", "a", ""), pred, ctx("t", "tokens", "whitespace-split str()")))
                .isCloseTo(1.0, within(TOL));
        assertThatThrownBy(() -> rows.score(truth, pred, ctx("t", "tokens", "whitespace-split (NaN -> error)",
                "empty_both", 1.0))).isInstanceOf(ScoringException.class);
    }

    @Test
    void spanWorkedExample() {
        assertThat(spans.id()).isEqualTo("span_micro_f1");
        var truth = col("location", "0 5;10 12", "");
        var pred = col("location", "2 6", "0 2");
        assertThat(spans.score(truth, pred, ctx("location"))).isCloseTo(6.0 / 13, within(TOL));
    }

    @Test
    void spanParsing() {
        assertThat(SpanMicroF1.parse("['0 5', '10 12']")).containsExactly(0, 5, 10, 12);
        assertThat(SpanMicroF1.parse("['0 5;3 8']")).containsExactly(0, 8);
        assertThat(SpanMicroF1.parse("[]")).isEmpty();
        assertThat(SpanMicroF1.parse("5 2;1 2 3;x 4;7 9")).containsExactly(7, 9); // reversed/malformed skipped
        assertThat(SpanMicroF1.parse("[0 5]")).isEmpty(); // not a literal: used whole, '[0' is no integer
        assertThat(SpanMicroF1.parse(null)).isEmpty();
    }

    @Test
    void spanEmptyEverywhereIsOne() {
        assertThat(spans.score(col("location", "", "[]"), col("location", "[]", ""), ctx("location")))
                .isEqualTo(1.0);
    }
}
