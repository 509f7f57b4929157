package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.cols;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static dev.mledojo.metric.classification.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

import java.util.List;

import org.junit.jupiter.api.Test;

class LogLossTest {

    private final LogLossBinary binary = new LogLossBinary();
    private final LogLossMulticlass multi = new LogLossMulticlass();
    private final BalancedLogLoss balanced = new BalancedLogLoss();
    private static final double FLOAT_EPS = 2.220446049250313e-16;

    @Test
    void binaryWorkedExamples() {
        assertThat(binary.id()).isEqualTo("log_loss_binary");
        assertThat(binary.higherIsBetter()).isFalse();
        assertThat(binary.score(col("y", "1", "0", "1"), col("y", "0.9", "0.2", "0.6"), ctx("y", "eps", 1e-15,
                "impl", "clip then sklearn.log_loss"))).isCloseTo(0.279777, within(TOL));
        assertThat(binary.score(col("y", "1", "0", "1"), col("y", "0.5", "0.5", "0.5"), ctx("y", "eps", FLOAT_EPS,
                "impl", "sklearn.log_loss"))).isCloseTo(Math.log(2), within(TOL));
    }

    @Test
    void clippingDependsOnEps() {
        // single row y=0, p=1 via the manual formula; two rows for sklearn (it needs both classes)
        assertThat(binary.score(col("y", "0"), col("y", "1.0"), ctx("y", "eps", 1e-15, "impl", "manual numpy",
                "nan", "propagate"))).isCloseTo(34.539576, within(TOL));
        double sk = binary.score(col("y", "0", "1"), col("y", "1.0", "1.0"), ctx("y", "eps", FLOAT_EPS, "impl",
                "sklearn.log_loss"));
        assertThat(sk).isCloseTo((36.043653 + 0) / 2, within(TOL));
    }

    @Test
    void sklearnNeedsTwoClassesAndNoNan() {
        var ctx = ctx("y", "eps", FLOAT_EPS, "impl", "sklearn.log_loss");
        assertThatThrownBy(() -> binary.score(col("y", "0", "0"), col("y", "0.1", "0.2"), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("only one label");
        assertThatThrownBy(() -> binary.score(col("y", "0", "1"), col("y", "0.1", ""), ctx))
                .isInstanceOf(ScoringException.class).hasMessageContaining("NaN");
    }

    @Test
    void manualNanPolicies() {
        assertThat(binary.score(col("y", "1", "0"), col("y", "0.5", ""), ctx("y", "eps", 1e-15, "impl",
                "manual numpy", "nan", "propagate"))).isNaN();
        assertThat(binary.score(col("y", "1", "0"), col("y", "0.5", ""), ctx("y", "eps", 1e-15, "impl",
                "manual numpy", "nan", "skip"))).isCloseTo(Math.log(2), within(TOL));
    }

    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void multiclassNormalisationVariants() {
        var truth = cols(ABC, s("1", "0"), s("0", "1"), s("0", "0"));
        var sub = cols(ABC, s("0.5", "0.2"), s("0.3", "0.2"), s("0.2", "0.2"));
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize", "none", "truth", "one-hot GT")))
                .isCloseTo(1.151293, within(TOL));
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize", "after_clip", "truth",
                "one-hot GT"))).isCloseTo(0.895880, within(TOL));
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize",
                "before_clip (zero-sum rows divided by 1)", "truth", "one-hot GT (must be 0/1)")))
                .isCloseTo(0.895880, within(TOL));
    }

    @Test
    void multiclassClippingAtZero() {
        var truth = cols(ABC, s("1", "0"), s("0", "0"), s("0", "1"));
        var sub = cols(ABC, s("0.7", "0.6"), s("0.3", "0.4"), s("0", "0"));
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize", "none")))
                .isCloseTo(17.447726, within(TOL));
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", FLOAT_EPS, "row_normalize", "none", "truth",
                "GT one-hot matrix", "impl", "sklearn.log_loss"))).isCloseTo(18.200164, within(TOL));
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize", "after_clip", "truth",
                "argmax of GT one-hot", "impl", "clip, normalise, sklearn.log_loss(labels=0..K-1)")))
                .isCloseTo(17.447726, within(TOL));
    }

    @Test
    void perfectPredictionsAreTinyNotZero() {
        var truth = cols(ABC, s("1"), s("0"), s("0"));
        var sub = cols(ABC, s("1"), s("0"), s("0"));
        double v = multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize", "none"));
        assertThat(v).isGreaterThan(0).isLessThan(1e-14);
    }

    @Test
    void multiclassNanHandling() {
        var truth = cols(ABC, s("1", "0"), s("0", "1"), s("0", "0"));
        var sub = cols(ABC, s("0.5", "0.2"), s("", "0.2"), s("0.2", "0.2"));
        // dropped NaN terms: row 1 still scores -ln 0.5
        assertThat(multi.score(truth, sub, ctx(ABC, "eps", 1e-15, "row_normalize", "none", "nan",
                "NaN cells dropped from row sums"))).isCloseTo((Math.log(2) + Math.log(5)) / 2, within(TOL));
        var sklearn = ctx(ABC, "eps", FLOAT_EPS, "row_normalize", "none", "truth", "GT one-hot matrix", "impl",
                "sklearn.log_loss");
        assertThatThrownBy(() -> multi.score(truth, sub, sklearn)).isInstanceOf(ScoringException.class);
        // nature-conservancy: the row sum skips NaN (pandas) and only the true class's term enters the loss
        var nature = ctx(ABC, "eps", 1e-15, "row_normalize", "before_clip (zero-sum rows divided by 1)");
        assertThat(multi.score(truth, sub, nature)).isCloseTo((Math.log(0.7 / 0.5) + Math.log(3)) / 2, within(1e-12));
        // a NaN in the true class makes the score NaN (np.log(NaN) in the reference's loop)
        var trueNan = cols(ABC, s("", "0.2"), s("0.5", "0.2"), s("0.2", "0.2"));
        assertThat(multi.score(truth, trueNan, nature)).isNaN();
    }

    @Test
    void natureConservancyNanInAnotherClassIsScored() {
        // issue 12: reference 1.5890, ours was NaN. Row img_1 (true ALB): ALB 0.4, BET missing, DOL 0.4, so the
        // pandas row sum is 0.8 and p(ALB) = 0.5; row img_2 (true YFT): YFT 0.1, NoF 0.5, OTHER 0.6, sum 1.2,
        // p(YFT) = 1/12. Loss = (ln 2 + ln 12)/2 = 1.589027.
        List<String> fish = List.of("ALB", "BET", "DOL", "LAG", "NoF", "OTHER", "SHARK", "YFT");
        var truth = Table.of("image,ALB,BET,DOL,LAG,NoF,OTHER,SHARK,YFT", "img_1.jpg,1,0,0,0,0,0,0,0",
                "img_2.jpg,0,0,0,0,0,0,0,1");
        var sub = Table.of("image,ALB,BET,DOL,LAG,NoF,OTHER,SHARK,YFT", "img_1.jpg,0.4,,0.4,0,0,0,0,0",
                "img_2.jpg,0,0,0,0,0.5,0.6,0,0.1");
        var context = new MetricContext("image", fish, MetricParams.of("eps", 1e-15, "row_normalize",
                "before_clip (zero-sum rows divided by 1)", "truth", "one-hot GT (must be 0/1)"));
        double v = multi.score(truth, sub, context);
        assertThat(v).isCloseTo((Math.log(2) + Math.log(12)) / 2, within(1e-12));
        assertThat(String.format(java.util.Locale.ROOT, "%.4f", v)).isEqualTo("1.5890");
    }

    @Test
    void icrRowWithAMissingProbabilityIsDropped() {
        // issue 12: reference 0.3112, ours was 8.9459. Row a has class_0 missing: pandas makes the row sum and both
        // terms NaN and np.sum skips them, but a still counts in N1 = 2. L0 = -ln 0.6, L1 = -(ln 0.8)/2.
        var truth = Table.of("Id,Class", "a,1", "b,0", "c,1");
        var sub = Table.of("Id,class_0,class_1", "a,,0.0", "b,0.6,0.4", "c,0.2,0.8");
        var context = new MetricContext("Id", List.of("class_0", "class_1"),
                MetricParams.of("eps", 1e-15, "row_normalize", "before_clip (zero sum -> 1e-15)"));
        double v = balanced.score(truth, sub, context);
        assertThat(v).isCloseTo((-Math.log(0.6) - Math.log(0.8) / 2) / 2, within(1e-12));
        assertThat(String.format(java.util.Locale.ROOT, "%.4f", v)).isEqualTo("0.3112");
    }

    @Test
    void inferredLabelsNeedEveryClassInTheTruth() {
        var truth = cols(ABC, s("1", "0"), s("0", "1"), s("0", "0"));
        var sub = cols(ABC, s("0.5", "0.2"), s("0.3", "0.6"), s("0.2", "0.2"));
        var ctx = ctx(ABC, "eps", 1e-15, "row_normalize", "none", "truth", "argmax of GT one-hot -> label 0/1/2",
                "impl", "clip then sklearn.log_loss(labels inferred from truth)");
        assertThatThrownBy(() -> multi.score(truth, sub, ctx)).isInstanceOf(ScoringException.class)
                .hasMessageContaining("different number of classes");
    }

    @Test
    void natureConservancyRejectsOutOfRangeProbabilities() {
        var truth = cols(ABC, s("1"), s("0"), s("0"));
        var sub = cols(ABC, s("1.2"), s("0"), s("0"));
        var ctx = ctx(ABC, "eps", 1e-15, "row_normalize", "before_clip (zero-sum rows divided by 1)", "truth",
                "one-hot GT (must be 0/1)");
        assertThatThrownBy(() -> multi.score(truth, sub, ctx)).isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.OUT_OF_RANGE));
    }

    @Test
    void balancedWorkedExamples() {
        assertThat(balanced.id()).isEqualTo("balanced_log_loss");
        var truth = col("Class", "0", "0", "1");
        var names = List.of("class_0", "class_1");
        var ctx = ctx(names, "eps", 1e-15, "row_normalize", "before_clip (zero sum -> 1e-15)");
        assertThat(balanced.score(truth, cols(names, s("0.8", "0.6", "0.3"), s("0.2", "0.4", "0.7")), ctx))
                .isCloseTo(0.361830, within(TOL));
        assertThat(balanced.score(truth, cols(names, s("0.4", "0.3", "0.15"), s("0.1", "0.2", "0.35")), ctx))
                .isCloseTo(0.361830, within(TOL));
        // a class absent from the truth contributes 0
        assertThat(balanced.score(col("Class", "0"), cols(names, s("0.5"), s("0.5")), ctx))
                .isCloseTo(Math.log(2) / 2, within(TOL));
    }

    @Test
    void avazuClipsAnInfinitePredictionBeforeSklearn() {
        // issue 12: np.clip(p, 1e-15, 1 - 1e-15) runs before log_loss, so inf is scored as 1 - 1e-15.
        // truth [1, 0, 1], predictions [inf, 0.2, 0.7]: (~1e-15 + ln(1/0.8) + ln(1/0.7))/3 = 0.1933
        var truth = Table.of("id,click", "1,1", "2,0", "3,1");
        var sub = Table.of("id,click", "1,inf", "2,0.2", "3,0.7");
        var avazu = new MetricContext("id", List.of("click"), MetricParams.of("eps", 1e-15, "impl",
                "clip then sklearn.log_loss"));
        double v = binary.score(truth, sub, avazu);
        assertThat(v).isCloseTo((-Math.log(1 - 1e-15) - Math.log(0.8) - Math.log(0.7)) / 3, within(1e-15));
        assertThat(String.format(java.util.Locale.ROOT, "%.4f", v)).isEqualTo("0.1933");
        // -inf is clipped to 1e-15: for a negative row that costs ~1e-15 as well (bnp-paribas has the same params)
        var minus = Table.of("id,click", "1,0.5", "2,-inf", "3,0.5");
        assertThat(binary.score(truth, minus, avazu)).isCloseTo(2 * Math.log(2) / 3, within(1e-14));
    }

    @Test
    void plainSklearnStillRefusesInfinity() {
        var truth = Table.of("id,y", "1,1", "2,0");
        var sub = Table.of("id,y", "1,inf", "2,0.2");
        var kobe = new MetricContext("id", List.of("y"), MetricParams.of("eps", FLOAT_EPS, "impl", "sklearn.log_loss"));
        assertThatThrownBy(() -> binary.score(truth, sub, kobe)).isInstanceOf(ScoringException.class)
                .hasMessage("Input contains infinity (prediction in row 1).");
        var lmsys = ctx(ABC, "eps", FLOAT_EPS, "row_normalize", "none", "truth", "GT one-hot matrix", "impl",
                "sklearn.log_loss");
        assertThatThrownBy(() -> multi.score(cols(ABC, s("1", "0"), s("0", "1"), s("0", "0")),
                cols(ABC, s("inf", "0.2"), s("0.1", "0.6"), s("0.1", "0.2")), lmsys))
                .isInstanceOf(ScoringException.class).hasMessage("Input contains infinity (column 'a', row 1).");
    }

    @Test
    void llmClassificationClipsAnInfiniteProbabilityBeforeSklearn() {
        // rows true a, b, tie; row 1 predicts inf for its true class (clipped to 1 - 1e-15), rows 2 and 3 give their
        // true class 0.5: (~1e-15 + 2 ln 2)/3
        List<String> names = List.of("winner_model_a", "winner_model_b", "winner_tie");
        var truth = Table.of("id,winner_model_a,winner_model_b,winner_tie", "1,1,0,0", "2,0,1,0", "3,0,0,1");
        var sub = Table.of("id,winner_model_a,winner_model_b,winner_tie", "1,inf,0.2,0.1", "2,0.3,0.5,0.2",
                "3,0.2,0.3,0.5");
        var context = new MetricContext("id", names, MetricParams.of("eps", 1e-15, "row_normalize", "none", "truth",
                "argmax of GT one-hot -> label 0/1/2", "impl",
                "clip then sklearn.log_loss(labels inferred from truth)"));
        assertThat(multi.score(truth, sub, context)).isCloseTo(2 * Math.log(2) / 3, within(1e-14));
    }
}
