package dev.mledojo.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.deployment.pkg.jar.FastJarFormat;

/**
 * The image's Dockerfile, checked without a container engine: it copies the fast-jar layout Quarkus builds (names
 * taken from Quarkus' own build code), runs quarkus-run.jar, and runs as a numeric non-root user that matches the
 * chart's pod security context.
 */
class DockerfileTest {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final String APP_DIR = "target/" + FastJarFormat.DEFAULT_FAST_JAR_DIRECTORY_NAME + "/";

    static List<String> instructions;

    @BeforeAll
    static void read() throws IOException {
        instructions = instructions(Files.readString(DOCKERFILE));
    }

    @Test
    void copiesTheQuarkusFastJarLayoutIntoTheWorkingDirectory() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : instructions) {
            if (line.startsWith("COPY ")) {
                String[] words = line.substring(5).trim().split("\\s+");
                assertThat(words).as("no --chown: the application files stay root's, read-only to the app user")
                        .noneMatch(w -> w.startsWith("--"));
                assertThat(words).hasSize(2);
                copies.put(words[0], words[1]);
            }
        }

        // Every part of the fast-jar layout, each to the same place under /deployments.
        assertThat(copies).containsEntry(APP_DIR + FastJarFormat.LIB + "/", "/deployments/" + FastJarFormat.LIB + "/")
                .containsEntry(APP_DIR + "*.jar", "/deployments/")
                .containsEntry(APP_DIR + FastJarFormat.APP + "/", "/deployments/" + FastJarFormat.APP + "/")
                .containsEntry(APP_DIR + FastJarFormat.QUARKUS + "/", "/deployments/" + FastJarFormat.QUARKUS + "/")
                .containsEntry("tasks/", "/deployments/tasks/");
        assertThat(copies).as("nothing else from the build context").hasSize(5);
        // The dependencies come first, so a code change rebuilds only the later layers.
        assertThat(new ArrayList<>(copies.keySet()).get(0)).isEqualTo(APP_DIR + FastJarFormat.LIB + "/");
        assertThat(instructions).contains("WORKDIR /deployments");
    }

    @Test
    void theBuildContextFilterLetsThroughWhatTheCopiesNeed() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(DOCKERFILE + ".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        assertThat(ignore).containsExactly("*", "!" + APP_DIR, "!tasks/");
    }

    @Test
    void entrypointRunsQuarkusRunJarUnderTini() {
        List<String> entrypoints = instructions.stream().filter(l -> l.startsWith("ENTRYPOINT ")).toList();

        assertThat(entrypoints).hasSize(1);
        String entrypoint = entrypoints.get(0);
        assertThat(entrypoint).startsWith("ENTRYPOINT [\"/usr/bin/tini\", \"--\"")
                .contains("exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/" + FastJarFormat.QUARKUS_RUN_JAR);
    }

    @Test
    void runsAsTheNonRootUserTheChartExpects() throws IOException {
        List<String> users = instructions.stream().filter(l -> l.startsWith("USER ")).toList();

        assertThat(users).as("one USER, after everything that needs root").hasSize(1);
        assertThat(instructions.get(instructions.size() - 1)).startsWith("ENTRYPOINT");
        String[] uidGid = users.get(0).substring(5).trim().split(":");
        // Numeric, so that the kubelet can verify runAsNonRoot without reading /etc/passwd.
        assertThat(uidGid).containsExactly("10001", "10001");
        assertThat(instructions.indexOf(users.get(0))).isGreaterThan(lastIndexStartingWith("RUN "))
                .isGreaterThan(lastIndexStartingWith("COPY "));

        String values = Files.readString(Path.of("helm/mle-dojo/values.yaml"));
        assertThat(values).contains("runAsUser: 10001", "runAsGroup: 10001", "runAsNonRoot: true");
    }

    @Test
    void installsDebiansJavaAndPythonStack() {
        String run = String.join("\n", instructions.stream().filter(l -> l.startsWith("RUN ")).toList());

        assertThat(instructions.get(0)).startsWith("FROM debian:");
        assertThat(run).contains("openjdk-17-jre-headless", "python3-pandas", "python3-sklearn", "python3-scipy",
                "tini", "--uid 10001");
        assertThat(instructions).anyMatch(l -> l.startsWith("ENV ") && l.contains("DOJO_DATA_DIR=/var/lib/mle-dojo"));
    }

    private static int lastIndexStartingWith(String prefix) {
        int last = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith(prefix)) {
                last = i;
            }
        }
        return last;
    }

    /** The Dockerfile's instructions, comments dropped and continuation lines joined. */
    static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (current.length() > 0) {
                result.add(current.toString().replaceAll("\\s+", " ").strip());
            }
            current.setLength(0);
        }
        return result;
    }
}
