package dev.mledojo.dataset;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Datasets of finished episodes for training (schema in {@code src/docs/datasets.md}): every agent the caller may see,
 * one agent, or one submission, filtered and streamed as SFT JSONL, RL JSONL or a zip of MLE-Dojo trajectory files.
 * Visibility is the leaderboard's: public agents for everyone (signed in or not), private ones for their owner and
 * admins. {@code count} gives the totals first; the exports carry them in {@code X-Total-Episodes}/{@code X-Total-Steps}.
 */
@Path("/api/v1/datasets")
@Tag(name = "Datasets")
public class DatasetResource {

    static final String FILTERS = " Filters (query, all optional): task, domain, split (a tag such as mle-lite), "
            + "valid=true (valid results only), min_human_rank (0..1, final HumanRank), from / to (ISO date or "
            + "date-time of the episode's end; from inclusive, to exclusive, a date as 'to' includes that day), "
            + "limit (episodes). ?gzip=true returns a .gz file (JSONL only); otherwise JSONL is sent with "
            + "Content-Encoding: gzip when the client accepts it.";

    private final DatasetService datasets;
    private final SecurityIdentity identity;

    public DatasetResource(DatasetService datasets, SecurityIdentity identity) {
        this.datasets = datasets;
        this.identity = identity;
    }

    /** The totals of an export and where to download it in each format. */
    public record DatasetCount(long episodes, long steps, java.time.Instant asOf, Map<String, String> downloads) {
    }

    @GET
    @Path("/count")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How many episodes (and steps) the board-wide dataset holds, with its download links."
            + FILTERS)
    public DatasetCount count(@Context UriInfo uri) {
        return count(Selection.board(), uri, "/api/v1/datasets/");
    }

    @GET
    @Path("/{format}")
    @PermitAll
    @Produces({"application/x-ndjson", "application/zip", "application/gzip"})
    @Operation(summary = "The dataset of every agent you may see: sft.jsonl, rl.jsonl or trajectories.zip." + FILTERS)
    public Response board(@PathParam("format") String format, @Context UriInfo uri,
            @HeaderParam("Accept-Encoding") String acceptEncoding) {
        return export(Selection.board(), format, uri, acceptEncoding);
    }

    @GET
    @Path("/agents/{owner}/{name}/count")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How many episodes an agent's dataset holds (?version=N for one version)." + FILTERS)
    public DatasetCount agentCount(@PathParam("owner") String owner, @PathParam("name") String name,
            @Context UriInfo uri) {
        return count(agent(owner, name, uri), uri, "/api/v1/datasets/agents/" + owner + "/" + name + "/");
    }

    @GET
    @Path("/agents/{owner}/{name}/{format}")
    @PermitAll
    @Produces({"application/x-ndjson", "application/zip", "application/gzip"})
    @Operation(summary = "An agent's dataset (?version=N for one version): sft.jsonl, rl.jsonl or trajectories.zip."
            + FILTERS)
    public Response agentExport(@PathParam("owner") String owner, @PathParam("name") String name,
            @PathParam("format") String format, @Context UriInfo uri,
            @HeaderParam("Accept-Encoding") String acceptEncoding) {
        return export(agent(owner, name, uri), format, uri, acceptEncoding);
    }

    @GET
    @Path("/submissions/{id}/count")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How many episodes a submission's dataset holds." + FILTERS)
    public DatasetCount submissionCount(@PathParam("id") String id, @Context UriInfo uri) {
        return count(submission(id), uri, "/api/v1/datasets/submissions/" + id + "/");
    }

    @GET
    @Path("/submissions/{id}/{format}")
    @PermitAll
    @Produces({"application/x-ndjson", "application/zip", "application/gzip"})
    @Operation(summary = "A submission's dataset: sft.jsonl, rl.jsonl or trajectories.zip." + FILTERS)
    public Response submissionExport(@PathParam("id") String id, @PathParam("format") String format,
            @Context UriInfo uri, @HeaderParam("Accept-Encoding") String acceptEncoding) {
        return export(submission(id), format, uri, acceptEncoding);
    }

    // ---- the edge: parse, resolve, stream ----------------------------------------------------------------------------

    private DatasetCount count(Selection selection, UriInfo uri, String base) {
        DatasetService.Plan plan = datasets.plan(selection, filter(uri), Requester.viewer(identity));
        String query = uri.getRequestUri().getRawQuery();
        Map<String, String> downloads = new LinkedHashMap<>();
        for (DatasetFormat f : DatasetFormat.values()) {
            downloads.put(f.fileName(), base + f.fileName() + (query == null || query.isEmpty() ? "" : "?" + query));
        }
        return new DatasetCount(plan.totals().episodes(), plan.totals().steps(), plan.asOf(), downloads);
    }

    private Response export(Selection selection, String formatName, UriInfo uri, String acceptEncoding) {
        DatasetFormat format = DatasetFormat.parse(formatName);
        boolean gzipFile = flag(uri.getQueryParameters().getFirst("gzip"));
        if (gzipFile && !format.gzippable()) {
            throw DomainException.invalid("gzip-not-applicable", "A zip is compressed already; gzip=true applies to "
                    + "the JSONL formats.").onField("gzip");
        }
        DatasetService.Plan plan = datasets.plan(selection, filter(uri), Requester.viewer(identity));
        boolean gzipWire = !gzipFile && format.gzippable() && acceptsGzip(acceptEncoding);
        boolean gzip = gzipFile || gzipWire;
        StreamingOutput body = out -> datasets.write(plan, format, gzip, out);
        String file = plan.name() + "-" + format.fileName() + (gzipFile ? ".gz" : "");
        Response.ResponseBuilder r = Response.ok(body, gzipFile ? "application/gzip" : format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + file.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .header("X-Total-Episodes", plan.totals().episodes())
                .header("X-Total-Steps", plan.totals().steps())
                .header("X-Dataset-As-Of", plan.asOf().toString())
                .header("Cache-Control", "no-store")
                .header("Vary", "Accept-Encoding");
        if (gzipWire) {
            r.header("Content-Encoding", "gzip");
        }
        return r.build();
    }

    private static DatasetFilter filter(UriInfo uri) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        return DatasetFilter.parse(q.getFirst("task"), q.getFirst("domain"), q.getFirst("split"), q.getFirst("valid"),
                q.getFirst("min_human_rank"), q.getFirst("from"), q.getFirst("to"), q.getFirst("limit"),
                DatasetService.domains());
    }

    private static Selection agent(String owner, String name, UriInfo uri) {
        String version = uri.getQueryParameters().getFirst("version");
        Integer v = null;
        if (version != null && !version.isBlank()) {
            try {
                v = Integer.valueOf(version.trim().replaceFirst("^v", ""));
            } catch (NumberFormatException e) {
                throw DomainException.invalid(DatasetFilter.INVALID, "version is an agent version number, got '"
                        + version.trim() + "'.").onField("version");
            }
        }
        return Selection.agent(owner, name, v);
    }

    private static Selection submission(String id) {
        try {
            return Selection.submission(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw DomainException.invalid("invalid-submission-id", "A submission id is a number, got '" + id + "'.")
                    .onField("id");
        }
    }

    private static boolean flag(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw DomainException.invalid(DatasetFilter.INVALID, "gzip is true or false, got '" + value.trim() + "'.")
                    .onField("gzip");
        }
        return v.equals("true");
    }

    /** Whether an Accept-Encoding header accepts gzip (and does not refuse it with q=0). */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String[] bits = part.trim().split(";");
            if (bits[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < bits.length; i++) {
                    String b = bits[i].trim().replace(" ", "");
                    if (b.equals("q=0") || b.equals("q=0.0") || b.equals("q=0.00") || b.equals("q=0.000")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
