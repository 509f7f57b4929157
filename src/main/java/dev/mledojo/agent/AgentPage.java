package dev.mledojo.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.mledojo.error.DomainException;
import dev.mledojo.error.FormErrors;
import dev.mledojo.llm.OpenAiCompatibleProvider;
import dev.mledojo.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in user's agents in the browser: list them with their versions, register one (baseline, LLM scaffold,
 * external program where the platform allows it) and add versions, with server-rendered forms that work without
 * JavaScript. Everything goes through {@link AgentService}, exactly as {@code /api/v1/agents}; a mistake shows the form
 * again with what was typed (never the API key) and the message next to its field.
 */
@Path("/me/agents")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class AgentPage {

    /** The form fields a domain error may name; anything else is shown above the form. */
    static final Set<String> FIELDS = Set.of("name", "kind", "visibility", "description", "config.baseline",
            "config.provider", "config.base_url", "config.model", "config.api_key", "config.temperature",
            "config.max_tokens", "config.price_per_1k_prompt", "config.price_per_1k_completion", "config.command",
            "config.scaffold", "config.drafts", "config.max_debug_depth", "config.debug_probability");

    /** The kinds this page has fields for (other kinds, e.g. test agents, get versions through the API). */
    static final String BASELINE = "baseline";
    static final String SCAFFOLD = "scaffold";
    static final String EXTERNAL = AgentService.EXTERNAL;

    private final AgentService agents;
    private final AgentsConfig config;
    private final SecurityIdentity identity;

    public AgentPage(AgentService agents, AgentsConfig config, SecurityIdentity identity) {
        this.agents = agents;
        this.config = config;
        this.identity = identity;
    }

    /**
     * The agent form as typed: every field a string, so that a mistake is shown again exactly as entered. There is no
     * API key here on purpose: it goes to the secret store and is never written back into a page.
     */
    public record AgentForm(String name, String kind, String visibility, String description, String baseline,
            String provider, String baseUrl, String model, String temperature, String maxTokens, String pricePrompt,
            String priceCompletion, String command, String scaffold, String drafts, String maxDebugDepth,
            String debugProbability) {

        static AgentForm empty() {
            return new AgentForm("", BASELINE, "private", "", "sklearn", OpenAiCompatibleProvider.NAME,
                    "", "", "", "", "", "", "", "linear", "", "", "");
        }

        /** A new version's form, filled from the newest version's config (the key stays in the secret store). */
        static AgentForm from(AgentService.AgentView agent) {
            Map<String, Object> c = agent.versions().isEmpty() ? Map.of()
                    : agent.versions().get(agent.versions().size() - 1).config();
            Object command = c.get("command");
            return new AgentForm(agent.name(), agent.kind(), agent.visibility(), text(agent.description()),
                    text(c.get("baseline")), c.containsKey("provider") ? text(c.get("provider"))
                            : OpenAiCompatibleProvider.NAME,
                    text(c.get("base_url")), text(c.get("model")), text(c.get("temperature")), text(c.get("max_tokens")),
                    text(c.get("price_per_1k_prompt")), text(c.get("price_per_1k_completion")),
                    command instanceof List<?> l ? String.join("\n", l.stream().map(String::valueOf).toList()) : "",
                    c.containsKey("scaffold") ? text(c.get("scaffold")) : "linear", text(c.get("drafts")),
                    text(c.get("max_debug_depth")), text(c.get("debug_probability")));
        }

        private static String text(Object o) {
            return o == null ? "" : String.valueOf(o);
        }
    }

    /** The posted fields of the agent form ({@code config.*} are the version's settings). */
    public static class Posted {
        @RestForm("name")
        String name;
        @RestForm("kind")
        String kind;
        @RestForm("visibility")
        String visibility;
        @RestForm("description")
        String description;
        @RestForm("config.baseline")
        String baseline;
        @RestForm("config.provider")
        String provider;
        @RestForm("config.base_url")
        String baseUrl;
        @RestForm("config.model")
        String model;
        @RestForm("config.api_key")
        String apiKey;
        @RestForm("config.temperature")
        String temperature;
        @RestForm("config.max_tokens")
        String maxTokens;
        @RestForm("config.price_per_1k_prompt")
        String pricePrompt;
        @RestForm("config.price_per_1k_completion")
        String priceCompletion;
        @RestForm("config.command")
        String command;
        @RestForm("config.scaffold")
        String scaffold;
        @RestForm("config.drafts")
        String drafts;
        @RestForm("config.max_debug_depth")
        String maxDebugDepth;
        @RestForm("config.debug_probability")
        String debugProbability;

        AgentForm typed() {
            return new AgentForm(trim(name), trim(kind), trim(visibility), description == null ? "" : description.strip(),
                    trim(baseline), trim(provider), trim(baseUrl), trim(model), trim(temperature), trim(maxTokens),
                    trim(pricePrompt), trim(priceCompletion), command == null ? "" : command.strip(), trim(scaffold),
                    trim(drafts), trim(maxDebugDepth), trim(debugProbability));
        }

        private static String trim(String s) {
            return s == null ? "" : s.strip();
        }
    }

    /** The choices the register form offers. */
    public record Choices(List<String> kinds, List<String> baselines, boolean externalAllowed) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance agents(List<AgentService.AgentView> agents, AgentForm form, FormErrors errors,
                Choices choices);

        static native TemplateInstance agent(AgentService.AgentView agent, AgentForm form, FormErrors errors,
                Choices choices);
    }

    @GET
    public TemplateInstance list() {
        return Templates.agents(agents.mine(owner()), AgentForm.empty(), FormErrors.none(), choices());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@BeanParam Posted posted) {
        AgentForm typed = posted.typed();
        try {
            AgentService.AgentView created = agents.create(owner(), new AgentService.CreateRequest(typed.name(),
                    typed.kind(), typed.visibility().isEmpty() ? null : typed.visibility(),
                    typed.description().isEmpty() ? null : typed.description(),
                    settings(typed.kind(), typed, posted.apiKey)));
            return Flash.seeOther("/me/agents/" + created.name(), "Agent " + created.name() + " is registered (version 1).");
        } catch (DomainException e) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.agents(agents.mine(owner()), typed, FormErrors.of(e, FIELDS), choices())).build();
        }
    }

    @GET
    @Path("/{name}")
    public TemplateInstance agent(@PathParam("name") String name) {
        AgentService.AgentView agent = agents.get(owner(), name);
        return Templates.agent(agent, AgentForm.from(agent), FormErrors.none(), choices());
    }

    @POST
    @Path("/{name}/versions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addVersion(@PathParam("name") String name, @BeanParam Posted posted) {
        AgentService.AgentView agent = agents.get(owner(), name); // another user's agent: 404, nothing changed
        AgentForm typed = posted.typed();
        AgentForm shown = new AgentForm(agent.name(), agent.kind(), agent.visibility(), typed.description(),
                typed.baseline(), typed.provider(), typed.baseUrl(), typed.model(), typed.temperature(),
                typed.maxTokens(), typed.pricePrompt(), typed.priceCompletion(), typed.command(), typed.scaffold(),
                typed.drafts(), typed.maxDebugDepth(), typed.debugProbability());
        try {
            AgentService.AgentView updated = agents.addVersion(owner(), agent.name(),
                    settings(agent.kind(), typed, posted.apiKey));
            int number = updated.versions().get(updated.versions().size() - 1).number();
            return Flash.seeOther("/me/agents/" + agent.name(), "Version " + number + " of " + agent.name()
                    + " is saved; new submissions use it unless they name another version.");
        } catch (DomainException e) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.agent(agent, shown, FormErrors.of(e, FIELDS), choices())).build();
        }
    }

    /**
     * The version config from the fields of its kind (other kinds' fields are ignored). Only the form's own work is
     * done here: empty fields are left out and numbers are read; every rule on the values is {@link AgentService}'s.
     */
    static Map<String, Object> settings(String kind, AgentForm f, String apiKey) {
        Map<String, Object> c = new LinkedHashMap<>();
        switch (kind == null ? "" : kind) {
            case BASELINE -> put(c, "baseline", f.baseline());
            case SCAFFOLD -> {
                put(c, "provider", f.provider());
                put(c, "base_url", f.baseUrl());
                put(c, "model", f.model());
                if (apiKey != null && !apiKey.isBlank()) {
                    c.put(dev.mledojo.llm.LlmSettings.API_KEY, apiKey.strip());
                }
                number(c, "temperature", f.temperature(), false);
                number(c, "max_tokens", f.maxTokens(), true);
                number(c, "price_per_1k_prompt", f.pricePrompt(), false);
                number(c, "price_per_1k_completion", f.priceCompletion(), false);
                // the linear loop is the default: it is stored only when the form names another scaffold, so that a
                // linear agent's config stays as before; the tree's settings are sent only with the tree
                if (f.scaffold() != null && !f.scaffold().isEmpty() && !f.scaffold().equals("linear")) {
                    c.put("scaffold", f.scaffold());
                    number(c, "drafts", f.drafts(), true);
                    number(c, "max_debug_depth", f.maxDebugDepth(), true);
                    number(c, "debug_probability", f.debugProbability(), false);
                }
            }
            case EXTERNAL -> {
                List<String> args = new ArrayList<>();
                for (String line : f.command().split("\r?\n")) {
                    if (!line.isBlank()) {
                        args.add(line.strip());
                    }
                }
                if (!args.isEmpty()) {
                    c.put("command", args);
                }
            }
            default -> {
                // an unknown kind: AgentService says which kinds there are
            }
        }
        return c;
    }

    private static void put(Map<String, Object> config, String key, String value) {
        if (value != null && !value.isEmpty()) {
            config.put(key, value);
        }
    }

    private static void number(Map<String, Object> config, String key, String value, boolean whole) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            Object n = whole ? (Object) Long.valueOf(value) : (Object) Double.valueOf(value);
            if (n instanceof Double d && !Double.isFinite(d)) {
                throw new NumberFormatException(value);
            }
            config.put(key, n);
        } catch (NumberFormatException e) {
            throw DomainException.invalid("invalid-agent-config", "'" + shorten(value) + "' is not "
                    + (whole ? "a whole number" : "a number") + "; leave the field empty for the default.")
                    .onField("config." + key);
        }
    }

    private static String shorten(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }

    /** External programs are offered where the platform runs them and an admin allowed this user. */
    private Choices choices() {
        List<String> kinds = new ArrayList<>(List.of(BASELINE, SCAFFOLD));
        boolean external = config.externalProcesses() && agents.mayRegisterExternal(owner());
        if (external) {
            kinds.add(EXTERNAL);
        }
        return new Choices(kinds, agents.presets(BASELINE), external);
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }

    /** The config of a version as the page shows it: the stored key appears as a mark only. */
    @TemplateExtension
    static String shown(AgentService.VersionView version) {
        Map<String, Object> out = new LinkedHashMap<>(version.config());
        if (out.remove(dev.mledojo.llm.LlmSettings.API_KEY_SECRET) != null) {
            out.put("api_key", "(stored)");
        }
        return out.toString();
    }

    /** The newest version's number. */
    @TemplateExtension
    static int latest(AgentService.AgentView agent) {
        return agent.versions().isEmpty() ? 0 : agent.versions().get(agent.versions().size() - 1).number();
    }
}
