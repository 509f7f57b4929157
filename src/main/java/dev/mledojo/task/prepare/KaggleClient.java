package dev.mledojo.task.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mledojo.files.FileOps;
import dev.mledojo.task.prepare.KaggleException.Kind;

/**
 * Downloads a competition's data archive through Kaggle's public API
 * ({@code GET {base}/api/v1/competitions/data/download-all/{competition}} with HTTP Basic credentials). Kaggle answers
 * with a redirect to a signed storage URL; redirects are followed by hand so that the credentials are only ever sent
 * to the API's own origin, never to the storage host. The body is streamed to disk under a size cap.
 */
public final class KaggleClient {

    /** Kaggle's public site, the default base URL. */
    public static final URI DEFAULT_BASE = URI.create("https://www.kaggle.com");

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,199}");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MAX_REDIRECTS = 5;
    private static final long REPORT_EVERY = 8L << 20;

    private final URI base;
    private final KaggleCredentials credentials;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base the API's base URL (default {@link #DEFAULT_BASE}); tests point it at a local server
     * @param maxBytes the largest archive accepted
     * @param timeout connect timeout and the time allowed until the response headers arrive
     */
    public KaggleClient(URI base, KaggleCredentials credentials, long maxBytes, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** Against kaggle.com, 50 GiB cap, 60 s timeout. */
    public KaggleClient(KaggleCredentials credentials) {
        this(DEFAULT_BASE, credentials, 50L << 30, Duration.ofSeconds(60));
    }

    /**
     * A finished download.
     *
     * @param servedBy the host that served the bytes (the signed URL itself is not kept: it is a credential)
     */
    public record Download(Path file, long bytes, String sha256, String servedBy) {
    }

    /** The URL of a competition's download-all endpoint. */
    public URI downloadUri(String competition) {
        if (competition == null || !SLUG.matcher(competition).matches()) {
            throw new IllegalArgumentException("'" + competition + "' is not a Kaggle competition slug (letters, digits, '-', '_')");
        }
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
                + "/api/v1/competitions/data/download-all/" + competition);
    }

    /**
     * Downloads the competition's archive to {@code target} (which must not exist), via a temporary sibling that is
     * removed on any failure.
     *
     * @param progress receives "downloading" reports (fraction of Content-Length when known); may be null
     * @throws KaggleException typed by what went wrong; the message says what to do
     */
    public Download download(String competition, Path target, Consumer<Progress> progress) {
        URI start = downloadUri(competition);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the download target " + target + " already exists");
        }
        Consumer<Progress> report = progress == null ? p -> { } : progress;
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("User-Agent", "mle-dojo")
                    .header("Accept", "application/octet-stream, application/zip, */*");
            if (sameOrigin(uri, start)) {
                request.header("Authorization", credentials.basicAuthorization());
            }
            HttpResponse<InputStream> response = send(request.build(), competition);
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                URI next = redirectTarget(uri, response);
                if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                    throw new KaggleException(Kind.UNEXPECTED, status, "Kaggle redirected the download of '" + competition
                            + "' from https to " + next.getScheme() + "; refusing an insecure download.");
                }
                uri = next;
                continue;
            }
            if (status == 200) {
                return save(response, competition, target, report);
            }
            throw failure(response, competition);
        }
        throw new KaggleException(Kind.UNEXPECTED, -1, "More than " + MAX_REDIRECTS + " redirects while downloading '"
                + competition + "'.");
    }

    private HttpResponse<InputStream> send(HttpRequest request, String competition) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new KaggleException(Kind.NETWORK, "Kaggle did not answer within " + timeout.toSeconds()
                    + " s while downloading '" + competition + "' (" + request.uri().getHost() + ").", e);
        } catch (IOException e) {
            throw new KaggleException(Kind.NETWORK, "Cannot reach " + request.uri().getHost() + " to download '"
                    + competition + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KaggleException(Kind.NETWORK, "The download of '" + competition + "' was interrupted.", e);
        }
    }

    private static URI redirectTarget(URI from, HttpResponse<InputStream> response) {
        discard(response);
        String location = response.headers().firstValue("Location").orElseThrow(() -> new KaggleException(
                Kind.UNEXPECTED, response.statusCode(), "Kaggle answered " + response.statusCode() + " without a Location."));
        try {
            return from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new KaggleException(Kind.UNEXPECTED, response.statusCode(), "Kaggle redirected to an invalid URL.");
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private Download save(HttpResponse<InputStream> response, String competition, Path target,
            Consumer<Progress> report) {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            discard(response);
            throw tooLarge(competition, length.getAsLong() + " bytes announced");
        }
        Path part = FileOps.stagingSibling(target, "download");
        boolean done = false;
        try {
            Files.createDirectories(part.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long written = 0;
            long nextReport = 0;
            byte[] buf = new byte[1 << 16];
            report.accept(new Progress("downloading " + competition, 0));
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    written += n;
                    if (written > maxBytes) {
                        throw tooLarge(competition, "stopped after " + FileOps.bytes(maxBytes));
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    if (written >= nextReport) {
                        nextReport = written + REPORT_EVERY;
                        double f = length.isPresent() && length.getAsLong() > 0
                                ? Math.min(1, (double) written / length.getAsLong()) : 0;
                        report.accept(new Progress("downloading " + competition + ": " + FileOps.bytes(written), f));
                    }
                }
            } catch (IOException e) {
                throw new KaggleException(Kind.NETWORK, "The download of '" + competition + "' broke off after "
                        + FileOps.bytes(written) + ": " + e.getMessage(), e);
            }
            if (length.isPresent() && written != length.getAsLong()) {
                throw new KaggleException(Kind.NETWORK, -1, "The download of '" + competition + "' ended after "
                        + written + " of " + length.getAsLong() + " bytes.");
            }
            if (ArchiveExtractor.detect(part) != ArchiveExtractor.Format.ZIP) {
                String head = new String(FileOps.head(part, 60), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
                throw new KaggleException(Kind.UNEXPECTED, 200, "Kaggle sent something that is not a zip archive for '"
                        + competition + "' (it starts with \"" + head + "\").");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            report.accept(new Progress("downloaded " + competition + ": " + FileOps.bytes(written), 1));
            return new Download(target, written, HexFormat.of().formatHex(sha.digest()), response.uri().getHost());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!done) {
                FileOps.deleteRecursively(part);
            }
        }
    }

    private KaggleException tooLarge(String competition, String detail) {
        return new KaggleException(Kind.TOO_LARGE, 200, "The data of '" + competition + "' is larger than the cap of "
                + FileOps.bytes(maxBytes) + " (" + detail + "); raise the download cap or upload the archive by hand.");
    }

    private KaggleException failure(HttpResponse<InputStream> response, String competition) {
        int status = response.statusCode();
        String said = kaggleMessage(response);
        String suffix = said.isEmpty() ? "" : " Kaggle said: " + said;
        return switch (status) {
            case 401 -> new KaggleException(Kind.UNAUTHORIZED, status, "Kaggle refused the credentials of user '"
                    + credentials.username() + "' (401). Check the username and API key (kaggle.json)." + suffix);
            case 403 -> new KaggleException(Kind.FORBIDDEN, status, "Kaggle refused the download of '" + competition
                    + "' for user '" + credentials.username() + "' (403). Accept the competition rules at "
                    + "https://www.kaggle.com/competitions/" + competition + "/rules with that account, then retry." + suffix);
            case 404 -> new KaggleException(Kind.NOT_FOUND, status, "Kaggle knows no downloadable competition '"
                    + competition + "' (404). Check the slug in data.competition." + suffix);
            case 429 -> new KaggleException(Kind.RATE_LIMITED, status, "Kaggle is rate-limiting this account (429); retry "
                    + response.headers().firstValue("Retry-After").map(s -> "after " + s + " s").orElse("later") + "." + suffix);
            default -> status >= 500
                    ? new KaggleException(Kind.SERVER_ERROR, status, "Kaggle failed with status " + status
                            + " while serving '" + competition + "'; retry later." + suffix)
                    : new KaggleException(Kind.UNEXPECTED, status, "Kaggle answered status " + status + " for '"
                            + competition + "'." + suffix);
        };
    }

    /** The {@code message} of Kaggle's JSON error body, shortened; empty when there is none. */
    private static String kaggleMessage(HttpResponse<InputStream> response) {
        HttpHeaders h = response.headers();
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        if (!h.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).contains("json")) {
            return "";
        }
        Matcher m = MESSAGE.matcher(body);
        if (!m.find()) {
            return "";
        }
        String msg = m.group(1).replace("\\\"", "\"");
        return msg.length() > 300 ? msg.substring(0, 300) + "..." : msg;
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.readNBytes(1 << 16);
        } catch (IOException e) {
            // the connection is abandoned either way
        }
    }
}
