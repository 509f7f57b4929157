package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AupTest {

    @Test
    void aHandMadeThreeAgentExample() {
        // t1 (higher is better): a 0.9, b 0.6, c no valid score -> ratios 1, 1.5 and 2 x 1.5 = 3
        // t2 (lower is better):  a 2,   b 1,   c 4             -> ratios 2, 1, 4
        // worst ratio 4: tau_max = log10(ceil(4.2)) = log10(5) = 0.699 -> 0.7; grid step 0.7 / 499
        // a: log10 ratios 0 and 0.30103 -> profile 0.5 on grid points 0..214, 1 on 215..498: 391.5 steps
        // b: 0.17609 and 0            -> 0.5 on 0..125, 1 on 126..498: 436 steps
        // c: 0.47712 and 0.60206      -> 0 on 0..340, 0.5 on 341..429, 1 on 430..498: 113.5 steps
        Map<String, Double> t1 = new HashMap<>(Map.of("a", 0.9, "b", 0.6));
        t1.put("c", null);
        Aup.Result r = Aup.compute(List.of("a", "b", "c"), List.of(new Aup.Task(true, t1),
                new Aup.Task(false, Map.of("a", 2.0, "b", 1.0, "c", 4.0))));
        double step = 0.7 / 499;
        assertThat(r.tauMax()).isCloseTo(0.7, within(1e-12));
        assertThat(r.aup().get("a")).isCloseTo(391.5 * step, within(1e-12));
        assertThat(r.aup().get("b")).isCloseTo(436 * step, within(1e-12));
        assertThat(r.aup().get("c")).isCloseTo(113.5 * step, within(1e-12));
    }

    @Test
    void ratiosAreCappedAtOneHundredAndAnUndefinedRatioCountsAsTheCap() {
        Map<String, Double> r = Aup.ratios(List.of("a", "b", "c"), new Aup.Task(true, Map.of("a", 1000.0, "b", 1.0,
                "c", 0.0)));
        assertThat(r).containsEntry("a", 1.0).containsEntry("b", 100.0).containsEntry("c", 100.0);
        Map<String, Double> missing = new HashMap<>(Map.of("a", 1.0, "b", 60.0));
        missing.put("c", null);
        assertThat(Aup.ratios(List.of("a", "b", "c"), new Aup.Task(false, missing))).containsEntry("b", 60.0)
                .containsEntry("c", 100.0); // twice the worst valid ratio (120), capped
    }
}
