package dev.mledojo.leaderboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.mledojo.web.Markdown;

/**
 * The methodology page: {@code src/docs/methodology.md}, which the build copies onto the classpath as
 * {@code docs/methodology.md} (one source for the docs and the site), rendered with the task pages' Markdown renderer.
 */
@Path("/methodology")
@Produces(MediaType.TEXT_HTML)
public class MethodologyPage {

    static final String RESOURCE = "docs/methodology.md";

    /** Read and rendered on first use; the file only changes with a new build. */
    private volatile String html;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance methodology(String html);
    }

    @GET
    @PermitAll
    public TemplateInstance methodology() {
        String rendered = html;
        if (rendered == null) {
            rendered = Markdown.toHtml(read());
            html = rendered;
        }
        return Templates.methodology(rendered);
    }

    private static String read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                // a build without the pom's src/docs resource: a packaging mistake, not a visitor's
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
