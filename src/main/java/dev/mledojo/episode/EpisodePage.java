package dev.mledojo.episode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.web.Json;

/**
 * The episode viewer: header (task, agent, state, budget, result once closed), the timeline of steps, the
 * feedback-part HumanRank over the steps, and, while the episode runs, live updates over
 * {@code /api/v1/episodes/{id}/events}. The owner and admins; anyone for an episode of a public agent; visitors are
 * sent to sign in otherwise.
 */
@Path("/episodes")
@Produces(MediaType.TEXT_HTML)
public class EpisodePage {

    private final EpisodeWatch watch;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public EpisodePage(EpisodeWatch watch, SecurityIdentity identity, ObjectMapper json) {
        this.watch = watch;
        this.identity = identity;
        this.json = json;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance episode(EpisodeWatch.View view, String chartJson);
    }

    @GET
    @Path("/{id}")
    @PermitAll
    public TemplateInstance episode(@PathParam("id") String id) {
        EpisodeWatch.View view = watch.view(Requester.viewer(identity), id);
        return Templates.episode(view, chart(view.steps()));
    }

    /** The scored steps for the chart: step number, feedback-part HumanRank (null for an invalid submission). */
    private String chart(List<EpisodeWatch.StepLine> steps) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (EpisodeWatch.StepLine s : steps) {
            if (s.valid() != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("number", s.number());
                p.put("humanRank", s.humanRank());
                points.add(p);
            }
        }
        return Json.forScript(json, points);
    }
}
