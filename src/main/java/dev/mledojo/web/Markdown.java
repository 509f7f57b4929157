package dev.mledojo.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Link;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;
import org.commonmark.parser.beta.InlineParserState;
import org.commonmark.parser.beta.ParsedInline;
import org.commonmark.parser.beta.Position;
import org.commonmark.parser.beta.Scanner;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown (CommonMark with GitHub tables) rendered to HTML that is safe to put in a page as is: raw HTML in the source
 * is escaped and shown as text, link and image targets other than http, https, mailto and relative ones are dropped,
 * and {@code $...$} / {@code $$...$$} math stays literal text (no emphasis inside a formula). Renders are kept per
 * content hash, so a task version's description is rendered once.
 */
public final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS)
            .customInlineContentParserFactory(new MathFactory()).build();

    /** CommonMark's default sanitiser also lets {@code data:} through; a description never needs it. */
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
            .sanitizeUrls(true).urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .attributeProviderFactory(context -> new ExternalLinks()).build();

    /** More than the catalogue's tasks and pages; the oldest render goes first. */
    private static final int CACHE_SIZE = 512;

    private static final Map<String, String> RENDERED = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private Markdown() {
    }

    /** The HTML of a Markdown text (empty for null). */
    public static String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return RENDERED.computeIfAbsent(sha256(markdown), k -> RENDERER.render(PARSER.parse(markdown)));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Links that leave the site do not pass on the page or its referrer; links within it (the sanitiser marks every
     * link nofollow) stay plain.
     */
    private static final class ExternalLinks implements AttributeProvider {
        @Override
        public void setAttributes(org.commonmark.node.Node node, String tagName, Map<String, String> attributes) {
            String href = attributes.get("href");
            if (!(node instanceof Link) || href == null) {
                return;
            }
            if (href.startsWith("http://") || href.startsWith("https://")) {
                attributes.put("rel", "nofollow noopener noreferrer");
            } else if (href.startsWith("/") || href.startsWith("#")) {
                attributes.remove("rel");
            }
        }
    }

    private static final class MathFactory implements InlineContentParserFactory {
        @Override
        public Set<Character> getTriggerCharacters() {
            return Set.of('$');
        }

        @Override
        public InlineContentParser create() {
            return new MathParser();
        }
    }

    /**
     * A formula between dollar signs becomes one text node, so underscores and asterisks in LaTeX are not read as
     * emphasis. Pandoc's rule keeps prices apart: the opening {@code $} is not followed by a space, the closing one is
     * not preceded by a space nor followed by a digit.
     */
    private static final class MathParser implements InlineContentParser {
        @Override
        public ParsedInline tryParse(InlineParserState state) {
            Scanner scanner = state.scanner();
            int fence = scanner.matchMultiple('$');
            if (fence > 2 || Character.isWhitespace(scanner.peek()) || scanner.peek() == Scanner.END) {
                return ParsedInline.none();
            }
            Position contentStart = scanner.position();
            while (scanner.find('$') >= 0) {
                Position contentEnd = scanner.position();
                int closing = scanner.matchMultiple('$');
                if (closing != fence) {
                    continue;
                }
                String content = scanner.getSource(contentStart, contentEnd).getContent();
                if (content.isEmpty() || Character.isWhitespace(content.charAt(content.length() - 1))
                        || Character.isDigit(scanner.peek())) {
                    continue;
                }
                String dollars = "$".repeat(fence);
                return ParsedInline.of(new Text(dollars + content + dollars), scanner.position());
            }
            return ParsedInline.none();
        }
    }
}
