package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskViews.TaskDetailView;
import dev.mledojo.task.TaskViews.TaskListView;
import dev.mledojo.web.Markdown;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * HTML pages of the catalogue: the filterable list and one task's page with its description (Markdown), the human
 * board's score distribution drawn as SVG on the server (readable without JavaScript) with the agents' runs on it, and
 * the agents on that task (part of the public leaderboard website, so it sits above tasks, episodes and agents).
 */
@Path("/tasks")
@Produces(MediaType.TEXT_HTML)
public class TaskPage {

    private static final int PAGE_SIZE = 60;

    private final TaskService tasks;
    private final LeaderboardService boards;
    private final SecurityIdentity identity;

    public TaskPage(TaskService tasks, LeaderboardService boards, SecurityIdentity identity) {
        this.tasks = tasks;
        this.boards = boards;
        this.identity = identity;
    }

    /** The filters as the page shows them (empty strings, never null). */
    public record Filters(String domain, String tag, String status, String q) {
        /** Query string that keeps the filters when following the next cursor. */
        public String query() {
            StringBuilder sb = new StringBuilder();
            append(sb, "domain", domain);
            append(sb, "tag", tag);
            append(sb, "status", status);
            append(sb, "q", q);
            return sb.toString();
        }

        private static void append(StringBuilder sb, String key, String value) {
            if (!value.isEmpty()) {
                sb.append('&').append(key).append('=').append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(TaskListView page, Filters filters, Map<String, Long> counts,
                List<String> domains);

        static native TemplateInstance detail(TaskDetailView task, String descriptionHtml, ScoreDistribution distribution,
                ScoreChart chart, List<Agent> agents, LeaderboardService.Board board);
    }

    @GET
    @PermitAll
    public TemplateInstance list(@QueryParam("domain") String domain, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        Filters f = new Filters(clean(domain), clean(tag), clean(status), clean(q));
        TaskListView page = tasks.list(new TaskService.Filter(f.domain(), f.tag(), f.status(), f.q()), cursor, PAGE_SIZE);
        return Templates.list(page, f, tasks.countByStatus(),
                List.of("tabular", "cv", "nlp", "audio", "timeseries", "multimodal", "other"));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    public TemplateInstance detail(@PathParam("id") String id) {
        TaskDetailView task = tasks.detail(id)
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + id + "' in the catalogue."));
        Requester viewer = Requester.viewer(identity);
        ScoreDistribution distribution = ScoreDistribution.of(task.id(), task.boardLabel(), task.higherIsBetter(),
                tasks.privateBoard(id), boards.taskRuns(id, viewer));
        return Templates.detail(task, Markdown.toHtml(task.description()), distribution, ScoreChart.of(distribution),
                Agent.of(distribution.markers()), boards.task(id, viewer));
    }

    /** An agent version in the chart's legend, with its runs (the chart's dots) in seed order. */
    public record Agent(String name, String owner, int version, String url, List<ScoreDistribution.Marker> runs) {
        static List<Agent> of(List<ScoreDistribution.Marker> markers) {
            Map<String, Agent> byVersion = new LinkedHashMap<>();
            for (ScoreDistribution.Marker m : markers) {
                byVersion.computeIfAbsent(m.owner() + "/" + m.agent() + "/" + m.version(),
                        k -> new Agent(m.agent(), m.owner(), m.version(), m.agentUrl(), new ArrayList<>())).runs().add(m);
            }
            return List.copyOf(byVersion.values());
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }
}
