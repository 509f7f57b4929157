package dev.mledojo.web;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Number formats for pages: {@code {value.fixed(3)}}, {@code {share.percent}}. */
@TemplateExtension
public class TemplateFormats {

    static String fixed(Double value, int digits) {
        return value == null ? "—" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    static String percent(Double share) {
        return share == null ? "—" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
