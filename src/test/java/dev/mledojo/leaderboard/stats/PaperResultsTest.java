package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PaperResultsTest {

    @Test
    void table2HasEightModelsOnFourDomainsWithThePublishedNumbers() {
        List<PaperResults.Reported> rows = PaperResults.load();
        assertThat(rows).hasSize(32);
        Map<String, Long> perModel = rows.stream().collect(Collectors.groupingBy(PaperResults.Reported::model,
                Collectors.counting()));
        assertThat(perModel).hasSize(8).allSatisfy((m, n) -> assertThat(n).as(m).isEqualTo(4));
        assertThat(rows.stream().map(PaperResults.Reported::domain).distinct())
                .containsExactly("mle-lite", "tabular", "nlp", "cv");
        assertThat(rows).contains(new PaperResults.Reported("Gemini-2.5-Pro", "mle-lite", 1.919, 61.95, 1257),
                new PaperResults.Reported("gpt-4o-mini", "cv", 1.172, 10.17, 754),
                new PaperResults.Reported("o3-mini", "cv", 1.892, 35.02, 1207));
    }

    @Test
    void theBestModelPerDomainIsAsPublished() {
        // Gemini-2.5-Pro leads HumanRank in every domain of Table 2
        Map<String, String> best = PaperResults.load().stream().collect(Collectors.groupingBy(
                PaperResults.Reported::domain, Collectors.collectingAndThen(Collectors.maxBy(
                        java.util.Comparator.comparingDouble(PaperResults.Reported::humanRankPercent)),
                        r -> r.orElseThrow().model())));
        assertThat(best).containsOnly(Map.entry("mle-lite", "Gemini-2.5-Pro"), Map.entry("tabular", "Gemini-2.5-Pro"),
                Map.entry("nlp", "Gemini-2.5-Pro"), Map.entry("cv", "Gemini-2.5-Pro"));
    }
}
