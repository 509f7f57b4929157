package dev.mledojo.client;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.error.DomainException;

/**
 * Serves the researchers' Python client ({@code mledojo_client}) as a wheel, to anyone: it holds no secret, and the
 * API it talks to needs a token anyway. {@code /client/python/<wheel file name>} is the address to give pip, which
 * tells a wheel from a source archive by the URL's file name.
 */
@Path("/client/python")
@Tag(name = "Python client")
public class PythonClientResource {

    /** application/zip would do; this is the type package indexes serve wheels with. */
    static final String WHEEL_TYPE = "application/octet-stream";

    private static volatile PythonClientDownload wheel;

    @GET
    @PermitAll
    @Produces(WHEEL_TYPE)
    @Operation(summary = "Download the Python client (a wheel)", description = "The wheel of mledojo_client "
            + "(standard library only, Python >= 3.9), named in Content-Disposition; install it with "
            + "pip install <platform>/client/python/<that name>.")
    public Response download() {
        return serve(wheel());
    }

    @GET
    @Path("/{file}")
    @PermitAll
    @Produces({WHEEL_TYPE, "application/problem+json"})
    @Operation(summary = "Download the Python client under its wheel file name (the URL to give pip)")
    public Response file(@PathParam("file") String file) {
        PythonClientDownload w = wheel();
        if (!w.fileName().equals(file)) {
            throw DomainException.notFound("unknown-client-file", "There is no '" + file + "' here; the Python client is "
                    + "/client/python/" + w.fileName() + ".");
        }
        return serve(w);
    }

    private static Response serve(PythonClientDownload w) {
        return Response.ok(w.bytes(), WHEEL_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + w.fileName() + "\"")
                .header("ETag", "\"" + w.sha256() + "\"")
                .header("X-Content-SHA256", w.sha256())
                .build();
    }

    /** The wheel's file name, e.g. {@code mledojo_client-0.1.0-py3-none-any.whl} (for install commands on pages). */
    public static String wheelFileName() {
        return wheel().fileName();
    }

    /** The wheel of this build (the same bytes on every replica: a cache of a constant, not of state). */
    static PythonClientDownload wheel() {
        PythonClientDownload w = wheel;
        if (w == null) {
            w = PythonClientDownload.load();
            wheel = w;
        }
        return w;
    }
}
