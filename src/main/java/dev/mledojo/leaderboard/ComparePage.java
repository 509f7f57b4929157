package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.web.PageCache;

/** Two to four agents side by side on their common tasks, with paired statistics and their configurations. */
@Path("/compare")
@Produces(MediaType.TEXT_HTML)
public class ComparePage {

    private final BoardViews views;
    private final SecurityIdentity identity;
    private final PageCache rendered;

    public ComparePage(BoardViews views, SecurityIdentity identity, PageCache rendered) {
        this.views = views;
        this.identity = identity;
        this.rendered = rendered;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance compare(String agents, BoardViews.Comparison comparison,
                List<BoardViews.TaskLine> tasks, String sort, String scatter);
    }

    @GET
    @PermitAll
    public String compare(@QueryParam("agents") String agents, @QueryParam("sort") String sort) {
        return rendered.page(this::stamp, () -> {
            if (agents == null || agents.isBlank()) {
                return Templates.compare("", null, List.of(), "difference", null);
            }
            BoardViews.Comparison c = views.compare(Arrays.asList(agents.split(",")), Requester.viewer(identity));
            List<Charts.Point> points = new ArrayList<>();
            for (BoardViews.TaskLine t : c.tasks()) {
                if (t.humanRanks().get(0) != null && t.humanRanks().get(1) != null) {
                    points.add(new Charts.Point(t.task(), "/tasks/" + t.task(), t.humanRanks().get(1),
                            t.humanRanks().get(0), false));
                }
            }
            String first = c.agents().get(0).name() + " v" + c.agents().get(0).version();
            String second = c.agents().get(1).name() + " v" + c.agents().get(1).version();
            String by = "task".equals(sort) || "domain".equals(sort) ? sort : "difference";
            List<BoardViews.TaskLine> tasks = new ArrayList<>(c.tasks()); // by |difference| as computed
            if (by.equals("task")) {
                tasks.sort(java.util.Comparator.comparing(BoardViews.TaskLine::task));
            } else if (by.equals("domain")) {
                tasks.sort(java.util.Comparator.comparing(BoardViews.TaskLine::domain)
                        .thenComparing(BoardViews.TaskLine::task));
            }
            return Templates.compare(agents, c, tasks, by, points.isEmpty() ? null
                    : Charts.scatter(points, second + " HumanRank", first + " HumanRank", false, true));
        });
    }

    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return views.stamp();
    }
}
