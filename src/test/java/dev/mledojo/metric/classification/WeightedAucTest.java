package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.cols;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static dev.mledojo.metric.classification.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.ScoringException;

import java.util.List;

import org.junit.jupiter.api.Test;

class WeightedAucTest {

    private final AlaskaWeightedAuc alaska = new AlaskaWeightedAuc();
    private final PhysicsWeightedAuc physics = new PhysicsWeightedAuc();

    @Test
    void rocCurveDropsIntermediatePointsLikeScikitLearn() {
        Roc.Curve c = Roc.curve(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(c.fpr()).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(c.tpr()).containsExactly(0, 0.5, 0.5, 1, 1);
        // collinear points (three positives in a row) collapse to the ends
        Roc.Curve d = Roc.curve(new double[] {0.9, 0.8, 0.7, 0.1}, new boolean[] {true, true, true, false});
        // points (tp, fp) = (1,0) (2,0) (3,0) (3,1): (2,0) is collinear and dropped, as roc_curve does
        assertThat(d.tpr()).containsExactly(0, 1.0 / 3, 1, 1);
        assertThat(d.fpr()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void alaskaWorkedExamples() {
        assertThat(alaska.id()).isEqualTo("alaska_weighted_auc");
        assertThat(alaska.score(col("y", "0", "0", "1", "1"), col("y", "0.1", "0.4", "0.35", "0.8"), ctx("y")))
                .isCloseTo(0.916667, within(TOL));
        assertThat(alaska.score(col("y", "0", "1"), col("y", "0.2", "0.9"), ctx("y"))).isCloseTo(1.0, within(TOL));
        assertThat(alaska.score(col("y", "0", "1"), col("y", "0.9", "0.2"), ctx("y")))
                .isCloseTo(0.533333, within(TOL));
        assertThat(alaska.score(col("y", "0", "1", "0", "1"), col("y", "0.5", "0.5", "0.5", "0.5"), ctx("y")))
                .isCloseTo(0.8, within(TOL));
    }

    @Test
    void alaskaSingleClassFollowsTheReference() {
        // all positive: NaN false positive rates -> NaN
        assertThat(alaska.score(col("y", "1", "1"), col("y", "0.2", "0.9"), ctx("y"))).isNaN();
        // all negative: NaN true positive rates select no band, so the reference returns 1.0 (METRICS.md says NaN)
        assertThat(alaska.score(col("y", "0", "0"), col("y", "0.2", "0.9"), ctx("y"))).isEqualTo(1.0);
    }

    @Test
    void alaskaRejectsLabelsOutsideZeroOne() {
        assertThatThrownBy(() -> alaska.score(col("y", "1", "2"), col("y", "0.2", "0.9"), ctx("y")))
                .isInstanceOf(ScoringException.class);
    }

    private static dev.mledojo.metric.Table physicsTruth(String[] y, String[] muon) {
        return cols(List.of("prediction", "min_ANNmuon"), y, muon);
    }

    @Test
    void physicsWorkedExamples() {
        assertThat(physics.id()).isEqualTo("physics_weighted_auc");
        var ctx = ctx("prediction");
        assertThat(physics.score(physicsTruth(s("0", "1"), s("0.5", "0.5")), col("prediction", "0.2", "0.9"), ctx))
                .isCloseTo(1.0, within(TOL));
        assertThat(physics.score(physicsTruth(s("0", "1", "0", "1"), s("1", "1", "1", "1")),
                col("prediction", "0.5", "0.5", "0.5", "0.5"), ctx)).isCloseTo(0.000467, within(TOL));
        assertThat(physics.score(physicsTruth(s("0", "0", "1", "1"), s("1", "1", "1", "1")),
                col("prediction", "0.1", "0.4", "0.35", "0.8"), ctx)).isCloseTo(0.666800, within(TOL));
        // METRICS.md prints -2.331666; running the reference procedure in NumPy gives -2.3319998666533
        assertThat(physics.score(physicsTruth(s("0", "1"), s("1", "1")), col("prediction", "0.9", "0.2"), ctx))
                .isCloseTo(-2.331999867, within(TOL));
    }

    @Test
    void physicsFiltersOnMuonAndFailsWhenNothingIsLeft() {
        var ctx = ctx("prediction");
        // the inverted third row is dropped (min_ANNmuon <= 0.4), leaving a perfect ranking
        assertThat(physics.score(physicsTruth(s("0", "1", "1"), s("0.5", "0.5", "0.4")),
                col("prediction", "0.2", "0.9", "0.0"), ctx)).isCloseTo(1.0, within(TOL));
        assertThatThrownBy(() -> physics.score(physicsTruth(s("0", "1"), s("0.1", "0.4")),
                col("prediction", "0.2", "0.9"), ctx)).isInstanceOf(ScoringException.class)
                .hasMessageContaining("min_ANNmuon > 0.4");
        assertThat(physics.score(physicsTruth(s("1", "1"), s("0.5", "0.5")), col("prediction", "0.2", "0.9"), ctx))
                .isNaN();
    }

    @Test
    void interpUsesRightMostRepeatedPoint() {
        double[] xp = {0, 0, 0.5, 1};
        double[] fp = {0, 0.5, 0.5, 1};
        assertThat(Roc.interp(0, xp, fp)).isEqualTo(0.5);
        assertThat(Roc.interp(0.25, xp, fp)).isEqualTo(0.5);
        assertThat(Roc.interp(0.75, xp, fp)).isCloseTo(0.75, within(1e-12));
    }
}
