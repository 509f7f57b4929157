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
    }

    public String render(Problem problem) {
        return Templates.error(problem).render();
    }
}
