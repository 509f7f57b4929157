package dev.mledojo.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void theParetoFrontierKeepsOnlyPointsNoCheaperPointMatches() {
        Charts.Point cheapWeak = new Charts.Point("a", null, 0.01, 0.2, false);
        Charts.Point cheapStrong = new Charts.Point("b", null, 0.01, 0.3, false);
        Charts.Point dearBetter = new Charts.Point("c", null, 0.5, 0.6, false);
        Charts.Point dearWorse = new Charts.Point("d", null, 0.9, 0.5, false);
        assertThat(Charts.pareto(List.of(dearWorse, cheapWeak, dearBetter, cheapStrong)))
                .containsExactly(cheapStrong, dearBetter);
    }

    @Test
    void labelsAndLinksAreEscapedInEverySvg() {
        String evil = "<script>alert('x')</script>\"&";
        String forest = Charts.forest(List.of(new Charts.Bar(evil, "/agents/\"x", 0.5, 0.4, 0.6)), "axis");
        String scatter = Charts.scatter(List.of(new Charts.Point(evil, null, 1, 0.5, true)), "x", "y", true, false);
        for (String svg : List.of(forest, scatter)) {
            assertThat(svg).doesNotContain("<script>").doesNotContain("'x'").contains("&lt;script&gt;");
        }
        assertThat(forest).contains("href=\"/agents/&quot;x\"").contains("[0.400, 0.600]");
        assertThat(scatter).contains("point hollow on-frontier");
    }

    @Test
    void anIntervalBarPlacesTheEstimateBetweenItsBounds() {
        assertThat(Charts.intervalBar(0.5, 0.25, 0.75)).contains("x1=\"25.0\"", "x2=\"75.0\"", "cx=\"50.0\"");
        assertThat(Charts.intervalBar(1.7, null, null)).contains("cx=\"100.0\"").doesNotContain("whisker");
    }
}
