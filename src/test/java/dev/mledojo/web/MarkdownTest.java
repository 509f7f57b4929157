package dev.mledojo.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Markdown becomes HTML with headings, lists, tables and code, and nothing in the source can run script. */
class MarkdownTest {

    @Test
    void headingsListsTablesAndCodeRender() {
        String html = Markdown.toHtml("""
                # Title

                ## Data

                - `train.csv`: the *labelled* rows
                - `test.csv`

                | column | meaning |
                |---|---|
                | `id` | row id |

                ```python
                print("a < b")
                ```
                """);
        assertThat(html).contains("<h1>Title</h1>", "<h2>Data</h2>", "<ul>", "<li><code>train.csv</code>: the <em>labelled</em> rows</li>",
                "<table>", "<th>column</th>", "<td><code>id</code></td>",
                "<pre><code class=\"language-python\">print(&quot;a &lt; b&quot;)");
    }

    @Test
    void rawHtmlIsShownAsTextNotRun() {
        String html = Markdown.toHtml("""
                <script>alert(1)</script>

                Text with <img src=x onerror=alert(2)> inline and <b>bold</b>.
                """);
        assertThat(html).doesNotContain("<script", "<img", "<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void onlyWebAndRelativeLinksKeepTheirTarget() {
        String html = Markdown.toHtml("""
                [a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,<script>alert(1)</script>)
                [d](vbscript:x) ![e](javascript:alert(1)) <javascript:alert(1)>

                [ok](https://www.kaggle.com/c/x) [rel](/tasks/x) [anchor](#data) [mail](mailto:a@b.c)
                """);
        // the text of a dropped link may still read "javascript:…"; no href or src may carry it
        assertThat(html.toLowerCase()).doesNotContainPattern("(href|src)=\"\\s*(javascript|data|vbscript):")
                .doesNotContain("<script").contains("href=\"\">a</a>");
        assertThat(html).contains("<a rel=\"nofollow noopener noreferrer\" href=\"https://www.kaggle.com/c/x\">ok</a>",
                "<a href=\"/tasks/x\">rel</a>", "<a href=\"#data\">anchor</a>", "<a rel=\"nofollow\" href=\"mailto:a@b.c\">mail</a>");
    }

    @Test
    void latexStaysLiteralText() {
        String html = Markdown.toHtml("Loss $L = \\sum_i w_i x_i$ and $$a_1 * b_2 * c_3$$, prices $5 and $10 stay.");
        assertThat(html).contains("$L = \\sum_i w_i x_i$", "$$a_1 * b_2 * c_3$$", "prices $5 and $10 stay")
                .doesNotContain("<em>");
    }

    @Test
    void theSameTextIsRenderedOnceAndNothingIsEmpty() {
        String text = "# Cached " + System.nanoTime();
        assertThat(Markdown.toHtml(text)).isSameAs(Markdown.toHtml(text));
        assertThat(Markdown.toHtml(null)).isEmpty();
        assertThat(Markdown.toHtml("  ")).isEmpty();
    }
}
