package dev.mledojo.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.mledojo.agent.AgentService;
import dev.mledojo.error.DomainException;
import dev.mledojo.error.FormErrors;
import dev.mledojo.gym.GymConfig;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskViews;
import dev.mledojo.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The new-submission form: one of the user's agents (and a version), a suite by tag, by domain, chosen tasks or every
 * ready task, seeds and budgets, with the user's remaining quota. It builds {@link SubmissionService.CreateRequest}
 * and leaves every rule to {@link SubmissionService}; on success it redirects (303) to the live submission page, on a
 * mistake it shows the form again (400) with what was typed and the message next to its field. A hidden idempotency
 * key makes a double click or a resent form create one submission only.
 */
@Path("/me/submissions/new")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class SubmitPage {

    private static final int MAX_TASKS_LISTED = 1000;

    /** The form fields a domain error may name; anything else is shown above the form. */
    static final Set<String> FIELDS = Set.of("agent", "version", "suite", "suite.tag", "suite.domain", "suite.tasks",
            "seeds", "budget.max_steps", "budget.wall_time_s", "budget.max_tokens", "budget.max_cost");

    private final SubmissionService submissions;
    private final AgentService agents;
    private final TaskService tasks;
    private final GymConfig gym;
    private final SecurityIdentity identity;

    public SubmitPage(SubmissionService submissions, AgentService agents, TaskService tasks, GymConfig gym,
            SecurityIdentity identity) {
        this.submissions = submissions;
        this.agents = agents;
        this.tasks = tasks;
        this.gym = gym;
        this.identity = identity;
    }

    /** The form as typed (strings, so that a mistake is shown again exactly as entered). */
    public record SubmitForm(String agent, String version, String suite, String tag, String domain, Set<String> tasks,
            String seeds, String maxSteps, String wallTime, String maxTokens, String maxCost, String key) {
    }

    /** The posted fields. */
    public static class Posted {
        @RestForm("agent")
        String agent;
        @RestForm("version")
        String version;
        @RestForm("suite")
        String suite;
        @RestForm("suite.tag")
        String tag;
        @RestForm("suite.domain")
        String domain;
        @RestForm("suite.tasks")
        List<String> tasks;
        @RestForm("seeds")
        String seeds;
        @RestForm("budget.max_steps")
        String maxSteps;
        @RestForm("budget.wall_time_s")
        String wallTime;
        @RestForm("budget.max_tokens")
        String maxTokens;
        @RestForm("budget.max_cost")
        String maxCost;
        @RestForm("idempotency_key")
        String key;

        SubmitForm typed() {
            return new SubmitForm(trim(agent), trim(version), trim(suite), trim(tag), trim(domain),
                    tasks == null ? Set.of() : new LinkedHashSet<>(tasks.stream().map(SubmitPage::trim)
                            .filter(t -> !t.isEmpty()).toList()),
                    trim(seeds), trim(maxSteps), trim(wallTime), trim(maxTokens), trim(maxCost), trim(key));
        }
    }

    /** What the form offers: the user's agents, the ready tasks with their tags and domains, the budget defaults. */
    public record Choices(List<AgentService.AgentView> agents, List<TaskViews.TaskSummaryView> tasks, Set<String> tags,
            Set<String> domains, int defaultMaxSteps, int maxStepsLimit) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(SubmitForm form, FormErrors errors, Choices choices,
                SubmissionService.QuotaLeft quota);
    }

    @GET
    public TemplateInstance form(@QueryParam("agent") String agent) {
        SubmitForm empty = new SubmitForm(agent == null ? "" : agent, "", "tasks", "", "", Set.of(), "1", "", "", "", "",
                UUID.randomUUID().toString());
        return Templates.form(empty, FormErrors.none(), choices(), submissions.quota(owner()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@BeanParam Posted posted) {
        SubmitForm typed = posted.typed();
        try {
            if (typed.agent().isEmpty()) {
                throw DomainException.invalid("invalid-submission", "Choose one of your agents (register one on My agents "
                        + "first).").onField("agent");
            }
            SubmissionService.Created created = submissions.create(owner(), typed.key().isEmpty() ? null : typed.key(),
                    request(typed));
            SubmissionService.SubmissionView s = created.submission();
            return Flash.seeOther("/submissions/" + s.id(), created.created()
                    ? "Submission " + s.id() + " is queued: " + s.episodes().size() + " episode(s) of " + s.agent() + " v"
                            + s.version() + "."
                    : "This form was already sent: here is submission " + s.id() + " it created.");
        } catch (DomainException e) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity(Templates.form(typed,
                    FormErrors.of(e, FIELDS), choices(), submissions.quota(owner()))).build();
        }
    }

    /** The request from the form: only reading numbers and the suite choice happens here. */
    static SubmissionService.CreateRequest request(SubmitForm f) {
        SubmissionService.Suite suite = switch (f.suite()) {
            case "tag" -> new SubmissionService.Suite(null, f.tag(), null, null);
            case "domain" -> new SubmissionService.Suite(null, null, null, f.domain());
            case "all" -> new SubmissionService.Suite(null, null, true, null);
            default -> new SubmissionService.Suite(new ArrayList<>(f.tasks()), null, null, null);
        };
        SubmissionService.Budget budget = new SubmissionService.Budget(integer(f.maxSteps(), "budget.max_steps"),
                integer(f.wallTime(), "budget.wall_time_s"), whole(f.maxTokens(), "budget.max_tokens"),
                decimal(f.maxCost(), "budget.max_cost"));
        return new SubmissionService.CreateRequest(f.agent().isEmpty() ? null : f.agent(), integer(f.version(), "version"),
                suite, integer(f.seeds(), "seeds"), budget);
    }

    private static Integer integer(String value, String field) {
        Long n = whole(value, field);
        if (n != null && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
            throw notNumber(value, field, "a whole number");
        }
        return n == null ? null : n.intValue();
    }

    private static Long whole(String value, String field) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw notNumber(value, field, "a whole number");
        }
    }

    private static Double decimal(String value, String field) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException(value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw notNumber(value, field, "a number");
        }
    }

    private static DomainException notNumber(String value, String field, String what) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return DomainException.invalid("invalid-submission", "'" + (clean.length() > 40 ? clean.substring(0, 40) + "..."
                : clean) + "' is not " + what + ".").onField(field);
    }

    private Choices choices() {
        List<TaskViews.TaskSummaryView> ready = tasks.list(new TaskService.Filter(null, null, "ready", null), null,
                MAX_TASKS_LISTED).items();
        Set<String> tags = new TreeSet<>();
        Set<String> domains = new TreeSet<>();
        for (TaskViews.TaskSummaryView t : ready) {
            tags.addAll(t.tags());
            domains.add(t.domain());
        }
        return new Choices(agents.mine(owner()), ready, tags, domains, gym.defaultMaxSteps(), gym.maxStepsLimit());
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
