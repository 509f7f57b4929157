package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.web.PageCache;

/**
 * An agent's page: versions and their overall results, domain profile, per-task HumanRank with every run linked to its
 * episode, and the anytime curve. Private agents: their owner and admins only (404 for anyone else).
 */
@Path("/agents/{owner}/{name}")
@Produces(MediaType.TEXT_HTML)
public class AgentProfilePage {

    private final BoardViews views;
    private final SecurityIdentity identity;
    private final PageCache rendered;

    public AgentProfilePage(BoardViews views, SecurityIdentity identity, PageCache rendered) {
        this.views = views;
        this.identity = identity;
        this.rendered = rendered;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance agent(BoardViews.Profile agent, String domainChart, String anytimeChart);
    }

    @GET
    @PermitAll
    public String agent(@PathParam("owner") String owner, @PathParam("name") String name) {
        return rendered.page(this::stamp, () -> {
            BoardViews.Profile p = views.agent(owner, name, Requester.viewer(identity));
            String domainChart = null;
            LeaderboardService.Row latest = p.versions().stream().map(BoardViews.VersionLine::overall)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (latest != null && !latest.domains().isEmpty()) {
                List<Charts.Bar> bars = new ArrayList<>();
                latest.domains().forEach((d, v) -> bars.add(new Charts.Bar(d, "/leaderboard?board=domain:" + d, v, null,
                        null)));
                domainChart = Charts.forest(bars, "mean HumanRank by domain (newest version with results)");
            }
            String anytime = null;
            if (!p.anytime().isEmpty()) {
                List<Charts.Point> points = new ArrayList<>();
                for (double[] s : p.anytime()) {
                    points.add(new Charts.Point("step " + (int) s[0], null, s[0], s[1], false));
                }
                anytime = Charts.scatter(points, "step", "best-so-far HumanRank (feedback part)", true, false);
            }
            return Templates.agent(p, domainChart, anytime);
        });
    }

    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return views.stamp();
    }
}
