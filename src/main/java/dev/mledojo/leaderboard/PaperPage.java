package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.web.PageCache;
import dev.mledojo.leaderboard.stats.PaperResults;

/**
 * "Reproducing MLE-Dojo": Table 2 of the paper as published, next to this platform's own results on the same
 * evaluation set (tag {@code mle-dojo-eval}: MLE-Lite 21, Tabular 10, NLP 9, CV 10), per domain.
 */
@Path("/paper")
@Produces(MediaType.TEXT_HTML)
public class PaperPage {

    private final LeaderboardService boards;
    private final SecurityIdentity identity;
    private final PageCache rendered;

    public PaperPage(LeaderboardService boards, SecurityIdentity identity, PageCache rendered) {
        this.boards = boards;
        this.identity = identity;
        this.rendered = rendered;
    }

    /** One domain: the paper's rows, and this platform's board of the same task set. */
    public record Domain(String title, String scope, List<PaperResults.Reported> reported,
            LeaderboardService.Board ours) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance paper(List<Domain> domains, String source, LeaderboardService.Board eval);
    }

    @GET
    @PermitAll
    public String paper() {
        return rendered.page(this::stamp, () -> {
            Requester viewer = Requester.viewer(identity);
            List<PaperResults.Reported> all = PaperResults.load();
            List<Domain> domains = new ArrayList<>();
            for (String[] d : new String[][] {{"mle-lite", "tag:mle-lite"}, {"tabular", "tag:eval-tabular"},
                    {"nlp", "tag:eval-nlp"}, {"cv", "tag:eval-cv"}}) {
                LeaderboardService.Board ours = boards.query(new LeaderboardService.Query(d[1], null, null, null,
                        LeaderboardService.VERIFIED, null, null), viewer);
                domains.add(new Domain(LeaderboardService.title(d[1]), d[1],
                        all.stream().filter(r -> r.domain().equals(d[0])).toList(), ours));
            }
            LeaderboardService.Board eval = boards.query(new LeaderboardService.Query("tag:mle-dojo-eval", null, null, null,
                    LeaderboardService.VERIFIED, null, null), viewer);
            return Templates.paper(domains, PaperResults.SOURCE, eval);
        });
    }

    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return boards.stamp();
    }
}
