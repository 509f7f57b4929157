package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

class WeightedMaeTest {

    private static final double EPS = 1e-6;

    private static final MetricContext BOND = new MetricContext("id", List.of("trade_price"),
            MetricParams.of("weights", "GT column 'weight'", "normalizer", "sum of weights", "nan", "skip"));
    private static final MetricContext WINTON = new MetricContext("Id", List.of("Predicted"), MetricParams.of("weights",
            "Weight_Intraday if Id suffix k in 1..60, Weight_Daily if k in {61,62} (from GT)", "normalizer",
            "N (row count)", "nan", "skip"));
    private static final MetricContext WALMART = new MetricContext("Id", List.of("Weekly_Sales"),
            MetricParams.of("weights", "5 if GT IsHoliday==True else 1", "normalizer", "sum of weights", "effective",
                    "all weights 1 (GT has no IsHoliday column)", "nan", "skip"));

    @Test
    void bond() {
        Table truth = Table.of("id,trade_price,weight", "1,100,1", "2,101,2", "3,99,1");
        Table pred = Table.of("id,trade_price", "1,101", "2,100", "3,99.5");
        assertThat(new WeightedMae().score(truth, pred, BOND)).isCloseTo(0.875, within(EPS));
        assertThat(new WeightedMae().id()).isEqualTo("weighted_mae");
    }

    @Test
    void bondNanPredictionLeavesNumeratorButNotDenominator() {
        Table truth = Table.of("id,trade_price,weight", "1,100,1", "2,101,2", "3,99,1");
        Table pred = Table.of("id,trade_price", "1,101", "2,", "3,99.5");
        assertThat(new WeightedMae().score(truth, pred, BOND)).isCloseTo(1.5 / 4, within(EPS));
    }

    @Test
    void bondNeedsWeightColumn() {
        Table truth = Table.of("id,trade_price", "1,100");
        assertThatThrownBy(() -> new WeightedMae().score(truth, truth, BOND)).isInstanceOf(ScoringException.class)
                .hasMessageContaining("weight");
    }

    @Test
    void wintonDividesByRowCount() {
        Table truth = Table.of("Id,Predicted,Weight_Intraday,Weight_Daily", "1_1,0.1,2,7", "1_61,0.02,9,5",
                "1_62,0.03,9,5");
        Table pred = Table.of("Id,Predicted", "1_1,0", "1_61,0", "1_62,0");
        assertThat(new WeightedMae().score(truth, pred, WINTON)).isCloseTo(0.15, within(EPS));
    }

    @Test
    void wintonRejectsReturnIndexOutOfRange() {
        Table truth = Table.of("Id,Predicted,Weight_Intraday,Weight_Daily", "1_63,0.1,2,7");
        assertThatThrownBy(() -> new WeightedMae().score(truth, truth, WINTON))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("1_63");
    }

    @Test
    void walmartWithoutHolidayColumnIsPlainMae() {
        Table truth = Table.of("Id,Weekly_Sales", "1_1_2012-11-02,10", "1_1_2012-11-09,20");
        Table pred = Table.of("Id,Weekly_Sales", "1_1_2012-11-02,12", "1_1_2012-11-09,19");
        assertThat(new WeightedMae().score(truth, pred, WALMART)).isCloseTo(1.5, within(EPS));
    }

    @Test
    void walmartHolidayWeightsFive() {
        Table truth = Table.of("Id,Weekly_Sales,IsHoliday", "a,10,True", "b,20,False");
        Table pred = Table.of("Id,Weekly_Sales", "a,12", "b,19");
        assertThat(new WeightedMae().score(truth, pred, WALMART)).isCloseTo((5 * 2 + 1) / 6.0, within(EPS));
    }
}
