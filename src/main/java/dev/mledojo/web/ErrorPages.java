package dev.mledojo.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Renders a problem as a friendly HTML page for browsers. */
@ApplicationScoped
public class ErrorPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(Problem problem);

        static native TemplateInstance refused(Problem problem);
    }

    public String render(Problem problem) {
        return Templates.error(problem).render();
    }

    /**
     * The page of a request whose credentials were refused: nothing on it asks who is signed in (the identity is the
     * one that just failed, and its request has no request context).
     */
    public String renderRefused(Problem problem) {
        return Templates.refused(problem).render();
    }
}
