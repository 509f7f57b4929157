package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskViews.TaskDetailView;
import dev.mledojo.task.TaskViews.TaskListView;
import dev.mledojo.web.Json;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * HTML pages of the catalogue: the filterable list and one task's page with the human board's score distribution and
 * the agents on that task (part of the public leaderboard website, so it sits above tasks, episodes and agents).
 */
@Path("/tasks")
@Produces(MediaType.TEXT_HTML)
public class TaskPage {

    private static final int PAGE_SIZE = 60;

    private final TaskService tasks;
    private final LeaderboardService boards;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public TaskPage(TaskService tasks, LeaderboardService boards, SecurityIdentity identity, ObjectMapper json) {
        this.tasks = tasks;
        this.boards = boards;
        this.identity = identity;
        this.json = json;
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

    /** A histogram ready for the chart: bin centres and counts of human entries. */
    public record Histogram(String label, List<Double> centres, List<Integer> counts, int entries, boolean clipped) {
        public String json() {
            return "{\"x\":" + centres + ",\"y\":" + counts + "}";
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(TaskListView page, Filters filters, Map<String, Long> counts,
                List<String> domains);

        static native TemplateInstance detail(TaskDetailView task, Histogram histogram, LeaderboardService.Board board,
                String markersJson);
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
        LeaderboardService.Board board = boards.task(id, Requester.viewer(identity));
        return Templates.detail(task, histogram(tasks.privateBoard(id), task.higherIsBetter(), task.boardLabel()), board,
                markers(board));
    }

    /** The agents' mean final scores, drawn as vertical lines on the score distribution. */
    private String markers(LeaderboardService.Board board) {
        List<Map<String, Object>> markers = new ArrayList<>();
        for (LeaderboardService.Row r : board.rows()) {
            if (r.meanFinalScore() != null && Double.isFinite(r.meanFinalScore())) {
                markers.add(Map.of("label", r.agent() + " v" + r.version(), "score", r.meanFinalScore()));
            }
        }
        return Json.forScript(json, markers);
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    /**
     * Bins a board into at most 30 bins between its 2nd and 98th percentiles (outliers fall into the end bins), so a
     * few absurd entries do not flatten the chart.
     */
    static Histogram histogram(List<Double> board, boolean higherIsBetter, String label) {
        if (board.isEmpty()) {
            return new Histogram(label, List.of(), List.of(), 0, false);
        }
        List<Double> sorted = new ArrayList<>(board);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double lo = sorted.get((int) Math.floor(0.02 * (n - 1)));
        double hi = sorted.get((int) Math.ceil(0.98 * (n - 1)));
        boolean clipped = lo > sorted.get(0) || hi < sorted.get(n - 1);
        if (hi <= lo) {
            return new Histogram(label, List.of(lo), List.of(n), n, clipped);
        }
        int bins = Math.min(30, Math.max(5, n / 5));
        double width = (hi - lo) / bins;
        int[] counts = new int[bins];
        for (double v : sorted) {
            int b = (int) Math.floor((v - lo) / width);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        List<Double> centres = new ArrayList<>();
        List<Integer> countList = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add(lo + (b + 0.5) * width);
            countList.add(counts[b]);
        }
        return new Histogram(label, centres, countList, n, clipped);
    }
}
