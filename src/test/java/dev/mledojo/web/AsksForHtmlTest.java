package dev.mledojo.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsksForHtmlTest {

    @Test
    void a_browser_asks_for_html_by_name_and_an_unreadable_element_asks_for_nothing() {
        assertThat(ProblemMappers.asksForHtml("text/html,application/xhtml+xml,*/*;q=0.8")).isTrue();
        assertThat(ProblemMappers.asksForHtml("text/*")).isTrue();
        assertThat(ProblemMappers.asksForHtml("text/, text/html")).isTrue();
        assertThat(ProblemMappers.asksForHtml("*/*")).isFalse();
        assertThat(ProblemMappers.asksForHtml("application/json")).isFalse();
        assertThat(ProblemMappers.asksForHtml("text/")).isFalse();
        assertThat(ProblemMappers.asksForHtml(null)).isFalse();
    }
}
