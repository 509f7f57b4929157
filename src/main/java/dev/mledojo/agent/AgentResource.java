package dev.mledojo.agent;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** The caller's agents and their versions. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents")
public class AgentResource {

    private final AgentService agents;
    private final SecurityIdentity identity;

    public AgentResource(AgentService agents, SecurityIdentity identity) {
        this.agents = agents;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "My agents")
    public List<AgentService.AgentView> mine() {
        return agents.mine(identity.getPrincipal().getName());
    }

    @POST
    @RolesAllowed({"submitter", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an agent", description = "{name, kind: baseline|scaffold|external, "
            + "visibility?: public|private, description?, config}; baseline config {baseline: sample_submission|constant|"
            + "sklearn}; scaffold config {provider: openai-compatible|replay, model, base_url, api_key (stored encrypted, "
            + "never returned), temperature, max_tokens, price_per_1k_prompt, price_per_1k_completion, scaffold?: "
            + "linear|tree (tree search: drafts 1-20, max_debug_depth 0-10, debug_probability 0-1)}; external config "
            + "{command: [...]}. Creates version 1.")
    public Response create(AgentService.CreateRequest request) {
        return Response.status(201).entity(agents.create(identity.getPrincipal().getName(), request)).build();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "One of my agents with its versions")
    public AgentService.AgentView get(@PathParam("name") String name) {
        return agents.get(identity.getPrincipal().getName(), name);
    }

    @POST
    @Path("/{name}/versions")
    @RolesAllowed({"submitter", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a version (a new config) to one of my agents")
    public Response addVersion(@PathParam("name") String name, Map<String, Object> config) {
        return Response.status(201).entity(agents.addVersion(identity.getPrincipal().getName(), name, config)).build();
    }
}
