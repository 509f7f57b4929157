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
import dev.mledojo.metric.Table;

import java.util.List;

import org.junit.jupiter.api.Test;

class AccuracyTest {

    private final Accuracy accuracy = new Accuracy();
    private final Top1Error top1 = new Top1Error();

    @Test
    void workedExample() {
        assertThat(accuracy.id()).isEqualTo("accuracy");
        assertThat(accuracy.score(col("y", "0", "1", "2", "3"), col("y", "0", "2", "1", "3"), ctx("y")))
                .isCloseTo(0.5, within(TOL));
    }

    @Test
    void allstateScaleIsAPercentage() {
        var truth = col("plan", "1012202", "0011001", "2021001");
        var sub = col("plan", "1012202", "0011001", "2021000");
        assertThat(accuracy.score(truth, sub, ctx("plan", "impl", "elementwise ==", "scale", 100)))
                .isCloseTo(66.666667, within(TOL));
    }

    @Test
    void elementwiseIsStrictlyTyped() {
        // integers vs text: never equal, never an error
        assertThat(accuracy.score(col("y", "1", "2"), col("y", "1", "b"), ctx("y", "impl", "elementwise ==")))
                .isCloseTo(0.0, within(TOL));
        // integer-valued floats equal integers; NaN never equals NaN
        assertThat(accuracy.score(col("y", "1", "2", "3"), col("y", "1.0", "2.0", ""),
                ctx("y", "impl", "elementwise =="))).isCloseTo(2.0 / 3, within(TOL));
    }

    @Test
    void hugeIntegersAreTextAsInPandas() {
        // issue 12 (integer-sequence-learning): the truth column overflows int64, so pandas keeps it as text and
        // '-3' (text) never equals -3 (int64): reference 0.0 (parsed as doubles the two huge values compared equal)
        var truth = Table.of("Id,Last", "ID_7,717897987691852588770249", "ID_17,-3");
        var sub = Table.of("Id,Last", "ID_7,-3", "ID_17,-3");
        var context = new MetricContext("Id", List.of("Last"), MetricParams.of("impl", "elementwise =="));
        assertThat(accuracy.score(truth, sub, context)).isEqualTo(0.0);
        // the same huge text on both sides matches, as str == str
        var exact = Table.of("Id,Last", "ID_7,717897987691852588770249", "ID_17,-3");
        assertThat(accuracy.score(truth, exact, context)).isEqualTo(1.0);
        // a value close to it is a different text (as doubles both are 7.178979876918526e+23)
        var near = Table.of("Id,Last", "ID_7,717897987691852588770248", "ID_17,-3");
        assertThat(accuracy.score(truth, near, context)).isEqualTo(0.5);
    }

    @Test
    void uint64IntegersCompareExactly() {
        // 2^63 and 2^63 + 1 are uint64 in pandas and differ; as doubles they are equal
        var truth = Table.of("Id,Last", "a,9223372036854775808", "b,9223372036854775809");
        var sub = Table.of("Id,Last", "a,9223372036854775809", "b,9223372036854775809");
        var context = new MetricContext("Id", List.of("Last"), MetricParams.of("impl", "elementwise =="));
        assertThat(accuracy.score(truth, sub, context)).isEqualTo(0.5);
    }

    @Test
    void stringImplementationMatchesMissingCells() {
        assertThat(accuracy.score(col("after", "a", "", "c"), col("after", "a", "NA", "d"),
                ctx("after", "impl", "str(truth) == str(pred)"))).isCloseTo(2.0 / 3, within(TOL));
    }

    @Test
    void sklearnRejectsNanContinuousAndMixedBinaryLabels() {
        var ctx = ctx("y", "impl", "sklearn.accuracy_score");
        assertThatThrownBy(() -> accuracy.score(col("y", "1", "0"), col("y", "1", ""), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> accuracy.score(col("y", "1", "0"), col("y", "0.5", "1"), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("continuous");
        assertThatThrownBy(() -> accuracy.score(col("y", "1", "0"), col("y", "a", "b"), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("same type");
        // multiclass with a type mix: compared elementwise, text never equals a number
        assertThat(accuracy.score(col("y", "1", "2", "3"), col("y", "1", "x", "y"), ctx)).isEqualTo(0.0);
        // booleans compare with the numbers 0/1
        assertThat(accuracy.score(col("y", "True", "False"), col("y", "1", "1"), ctx)).isCloseTo(0.5, within(TOL));
    }

    @Test
    void microF1EqualsAccuracyButRejectsAnyTypeMix() {
        var ctx = ctx("y", "impl", "sklearn.f1_score(average='micro')");
        assertThat(accuracy.score(col("y", "a", "b", "c", "a"), col("y", "a", "b", "a", "a"), ctx))
                .isCloseTo(0.75, within(TOL));
        assertThatThrownBy(() -> accuracy.score(col("y", "1", "2", "3"), col("y", "1", "x", "y"), ctx))
                .isInstanceOf(ScoringException.class);
    }

    @Test
    void top1ErrorVariants() {
        assertThat(top1.id()).isEqualTo("top1_error");
        assertThat(top1.higherIsBetter()).isFalse();
        assertThat(top1.score(col("p", "1", "2", "3", "4"), col("p", "1", "2", "9", "9"), ctx("p", "first_token",
                false))).isCloseTo(0.5, within(TOL));
        assertThat(top1.score(col("p", "3", "5"), col("p", "3 17 42", "17 5"), ctx("p", "first_token", true)))
                .isCloseTo(0.5, within(TOL));
        assertThatThrownBy(() -> top1.score(col("p", "3"), col("p", "   "), ctx("p", "first_token", true)))
                .isInstanceOf(ScoringException.class);
    }
}
