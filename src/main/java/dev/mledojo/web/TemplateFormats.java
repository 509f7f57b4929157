package dev.mledojo.web;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Formats for pages: {@code {share.percent}} (numbers that may be missing: {@link Fmt}). */
@TemplateExtension
public class TemplateFormats {

    static String percent(Double share) {
        return share == null ? "—" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
