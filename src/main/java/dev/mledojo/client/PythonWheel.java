package dev.mledojo.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the Python client's wheel (PEP 427) from its package folder: the package's {@code .py} files plus a
 * {@code dist-info} folder with METADATA, WHEEL and a RECORD of every file's SHA-256 and size. The bytes depend on the
 * files only (sorted entries, fixed timestamps), so every build and every replica serves the same wheel. Run by the
 * Maven build ({@link #main}); plain Java, no container.
 */
public final class PythonWheel {

    /** The distribution's name as pip shows it. */
    public static final String DISTRIBUTION = "mledojo-client";

    /** The import package, also the wheel file's name part (the distribution name normalised). */
    public static final String PACKAGE = "mledojo_client";

    /** The compatibility tag: pure Python 3, any ABI, any platform. */
    public static final String TAG = "py3-none-any";

    private static final Pattern VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*[\"']([0-9][0-9A-Za-z.+-]*)[\"']");

    /** A zip timestamp within the DOS range; a constant one keeps the bytes reproducible. */
    private static final long FIXED_TIME = java.time.LocalDateTime.of(2020, 1, 1, 0, 0)
            .atZone(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();

    private final String version;
    private final Map<String, byte[]> files;

    private PythonWheel(String version, Map<String, byte[]> files) {
        this.version = version;
        this.files = files;
    }

    /**
     * The wheel of the package in {@code packageDir} (a folder named {@value #PACKAGE}); the version is the package's
     * {@code __version__}. Tests and caches ({@code tests/}, {@code __pycache__}) stay out.
     */
    public static PythonWheel of(Path packageDir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(packageDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String relative = packageDir.relativize(p).toString().replace('\\', '/');
                if (relative.endsWith(".py") && !relative.startsWith("tests/") && !relative.contains("__pycache__")) {
                    files.put(PACKAGE + "/" + relative, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Python client's sources in " + packageDir, e);
        }
        byte[] init = files.get(PACKAGE + "/__init__.py");
        if (init == null) {
            throw new IllegalArgumentException(packageDir + " holds no " + PACKAGE + "/__init__.py");
        }
        return new PythonWheel(version(new String(init, StandardCharsets.UTF_8)), files);
    }

    /** The {@code __version__ = "x.y.z"} of a package's {@code __init__.py}. */
    static String version(String init) {
        Matcher m = VERSION.matcher(init);
        if (!m.find()) {
            throw new IllegalArgumentException("the package's __init__.py declares no __version__ = \"x.y.z\"");
        }
        return m.group(1);
    }

    public String version() {
        return version;
    }

    /** The wheel's file name, which pip reads the name, version and tag from: {@code mledojo_client-0.1.0-py3-none-any.whl}. */
    public String fileName() {
        return PACKAGE + "-" + version + "-" + TAG + ".whl";
    }

    private String distInfo() {
        return PACKAGE + "-" + version + ".dist-info";
    }

    /** The wheel's bytes. */
    public byte[] bytes() {
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(distInfo() + "/METADATA", metadata().getBytes(StandardCharsets.UTF_8));
        all.put(distInfo() + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: mle-dojo (dev.mledojo.client.PythonWheel)\n"
                + "Root-Is-Purelib: true\nTag: " + TAG + "\n").getBytes(StandardCharsets.UTF_8));
        all.put(distInfo() + "/top_level.txt", (PACKAGE + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        all.forEach((name, content) -> record.append(name).append(",sha256=").append(hash(content)).append(',')
                .append(content.length).append('\n'));
        record.append(distInfo()).append("/RECORD,,\n");
        all.put(distInfo() + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : all.entrySet()) {
                ZipEntry entry = new ZipEntry(f.getKey());
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String metadata() {
        return String.join("\n", List.of(
                "Metadata-Version: 2.1",
                "Name: " + DISTRIBUTION,
                "Version: " + version,
                "Summary: MLE-Dojo's Python client: the platform's API, a Gym-style environment, external agents",
                "License: Apache-2.0",
                "Requires-Python: >=3.9",
                "Provides-Extra: gymnasium",
                "Requires-Dist: gymnasium>=0.29; extra == \"gymnasium\"",
                "",
                "Standard library only. `Client(base_url, token)` for the API, `Env` for episodes with the Gymnasium step",
                "signature, `mledojo_client.agent.run` for external agents, `mledojo_client.gym.MLEDojoEnv` with gymnasium.",
                ""));
    }

    /** RECORD's hash: the SHA-256 digest in URL-safe base64 without padding (PEP 376/427). */
    static String hash(byte[] content) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the wheel and its description ({@code python-client.properties}: file name, version, sha256) for the
     * platform to serve; run by the Maven build.
     *
     * @param args the package folder and the output folder
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PythonWheel <package folder> <output folder>");
        }
        PythonWheel wheel = of(Path.of(args[0]));
        Path out = Files.createDirectories(Path.of(args[1]));
        byte[] bytes = wheel.bytes();
        Files.write(out.resolve(PythonClientDownload.WHEEL_RESOURCE_NAME), bytes);
        String sha = java.util.HexFormat.of().formatHex(sha256(bytes));
        Files.writeString(out.resolve(PythonClientDownload.PROPERTIES_RESOURCE_NAME), "file=" + wheel.fileName()
                + "\nversion=" + wheel.version() + "\nsha256=" + sha + "\n", StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
