package dev.mledojo.dataset;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import dev.mledojo.error.FormErrors;
import dev.mledojo.task.TaskService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The page that starts dataset downloads: a signed-in user picks whose episodes (every agent they may see, one agent,
 * one submission), filters them and a format; the page shows how many episodes and steps match before the download,
 * and links to the streaming export ({@link DatasetResource}), whose progress the browser's download shows against
 * that count. A bad filter is shown next to its field.
 */
@Path("/datasets")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class DatasetPage {

    static final Set<String> FIELDS = Set.of("scope", "agent", "version", "submission", "task", "domain", "split",
            "valid", "min_human_rank", "from", "to", "limit", "gzip");

    private final DatasetService datasets;
    private final TaskService tasks;
    private final SecurityIdentity identity;

    public DatasetPage(DatasetService datasets, TaskService tasks, SecurityIdentity identity) {
        this.datasets = datasets;
        this.tasks = tasks;
        this.identity = identity;
    }

    /** The form as typed. */
    public record Form(String scope, String agent, String version, String submission, String task, String domain,
            String split, boolean valid, String minHumanRank, String from, String to, String limit, boolean gzip) {
    }

    /** What the form may pick from. */
    public record Choices(List<DatasetService.AgentChoice> agents, List<String> tasks, List<String> domains,
            List<String> tags) {
    }

    /** One download: the format's file name, its link, what it holds. */
    public record Download(String format, String href, String holds) {
    }

    /** The count of what the form selects, and its downloads. */
    public record Preview(long episodes, long steps, String asOf, List<Download> downloads) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance datasets(Form form, Choices choices, Preview preview, FormErrors errors);
    }

    @GET
    public TemplateInstance page(@QueryParam("scope") String scope, @QueryParam("agent") String agent,
            @QueryParam("version") String version, @QueryParam("submission") String submission,
            @QueryParam("task") String task, @QueryParam("domain") String domain, @QueryParam("split") String split,
            @QueryParam("valid") String valid, @QueryParam("min_human_rank") String minHumanRank,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit,
            @QueryParam("gzip") String gzip) {
        Requester viewer = Requester.viewer(identity);
        Form form = new Form(scope == null ? "board" : scope, text(agent), text(version), text(submission), text(task),
                text(domain), text(split), "true".equals(valid), text(minHumanRank), text(from), text(to), text(limit),
                "true".equals(gzip));
        Map<String, TaskService.TaskFacts> facts = tasks.facts();
        Choices choices = new Choices(datasets.agents(viewer, 500), new ArrayList<>(facts.keySet()),
                new ArrayList<>(DatasetService.domains()), facts.values().stream().flatMap(f -> f.tags().stream())
                        .distinct().sorted().toList());
        if (scope == null) { // the first visit: the form only
            return Templates.datasets(form, choices, null, FormErrors.none());
        }
        try {
            Selection selection = selection(form);
            DatasetFilter filter = DatasetFilter.parse(form.task(), form.domain(), form.split(),
                    form.valid() ? "true" : null, form.minHumanRank(), form.from(), form.to(), form.limit(),
                    DatasetService.domains());
            DatasetService.Plan plan = datasets.plan(selection, filter, viewer);
            return Templates.datasets(form, choices, preview(form, plan), FormErrors.none());
        } catch (DomainException e) {
            return Templates.datasets(form, choices, null, FormErrors.of(e, FIELDS));
        }
    }

    private static Selection selection(Form form) {
        switch (form.scope()) {
            case "board":
                return Selection.board();
            case "agent": {
                String ref = form.agent();
                int slash = ref.indexOf('/');
                if (slash <= 0 || slash == ref.length() - 1) {
                    throw DomainException.invalid(DatasetFilter.INVALID, "Name the agent as owner/name.").onField("agent");
                }
                Integer v = null;
                if (!form.version().isEmpty()) {
                    try {
                        v = Integer.valueOf(form.version().replaceFirst("^v", ""));
                    } catch (NumberFormatException e) {
                        throw DomainException.invalid(DatasetFilter.INVALID, "The version is a number, got '"
                                + form.version() + "'.").onField("version");
                    }
                }
                return Selection.agent(ref.substring(0, slash), ref.substring(slash + 1), v);
            }
            case "submission":
                try {
                    return Selection.submission(Long.parseLong(form.submission()));
                } catch (NumberFormatException e) {
                    throw DomainException.invalid(DatasetFilter.INVALID, "A submission is named by its number, got '"
                            + form.submission() + "'.").onField("submission");
                }
            default:
                throw DomainException.invalid(DatasetFilter.INVALID, "Choose every agent, one agent or one submission.")
                        .onField("scope");
        }
    }

    /** The count and the download links (the API's URLs with the same filter). */
    private static Preview preview(Form form, DatasetService.Plan plan) {
        String base = switch (plan.selection().kind()) {
            case BOARD -> "/api/v1/datasets/";
            case AGENT -> "/api/v1/datasets/agents/" + enc(plan.selection().owner()) + "/" + enc(plan.selection().agent())
                    + "/";
            case SUBMISSION -> "/api/v1/datasets/submissions/" + plan.submissionId() + "/";
        };
        Map<String, String> q = new LinkedHashMap<>();
        if (plan.selection().version() != null) {
            q.put("version", String.valueOf(plan.selection().version()));
        }
        q.put("task", form.task());
        q.put("domain", form.domain());
        q.put("split", form.split());
        q.put("valid", form.valid() ? "true" : "");
        q.put("min_human_rank", form.minHumanRank());
        q.put("from", form.from());
        q.put("to", form.to());
        q.put("limit", form.limit());
        List<Download> downloads = new ArrayList<>();
        long episodes = plan.totals().episodes();
        for (DatasetFormat f : DatasetFormat.values()) {
            Map<String, String> fq = new LinkedHashMap<>(q);
            if (form.gzip() && f.gzippable()) {
                fq.put("gzip", "true");
            }
            String holds = switch (f) {
                case SFT -> episodes + " lines (one per episode)";
                case RL -> plan.totals().steps() + " lines (one per step)";
                case TRAJECTORIES -> episodes + " folders (one per episode)";
            };
            downloads.add(new Download(f.fileName() + (form.gzip() && f.gzippable() ? ".gz" : ""),
                    base + f.fileName() + query(fq), holds));
        }
        return new Preview(episodes, plan.totals().steps(), plan.asOf().toString(), downloads);
    }

    private static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                b.append(b.length() == 0 ? "?" : "&").append(k).append('=').append(enc(v));
            }
        });
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(String s) {
        return s == null ? "" : s.trim();
    }
}
