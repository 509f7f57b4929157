package dev.mledojo.agent.external;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.agent.SelfDrivenPolicy;
import io.quarkus.logging.Log;

/**
 * Runs an external agent program for one episode: a fresh temporary working directory (also its HOME), an environment
 * holding only {@code PATH}, {@code LANG} and {@code DOJO_ENV_URL}, {@code DOJO_EPISODE_ID},
 * {@code DOJO_EPISODE_TOKEN}, {@code DOJO_LLM_BASE_URL} (never the platform's own variables, which hold its secrets),
 * output to {@code agent.log}; killed with its children when the wall time is over or the episode is closed under it.
 */
public final class ExternalProcessPolicy implements SelfDrivenPolicy {

    private static final int LOG_TAIL_CHARS = 2000;

    private final List<String> command;
    private final EpisodeAccess access;

    ExternalProcessPolicy(List<String> command, EpisodeAccess access) {
        this.command = List.copyOf(command);
        this.access = access;
    }

    /** The program for one episode, reaching the environment and the LLM gateway through {@code access}. */
    public static ExternalProcessPolicy of(List<String> command, EpisodeAccess access) {
        return new ExternalProcessPolicy(command, access);
    }

    @Override
    public Exit drive(Duration wallTime, BooleanSupplier stillOpen) {
        if (access == null) {
            throw new IllegalStateException("an external agent runs only in an episode");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("dojo-agent-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("agent.log");
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.clear();
            env.put("PATH", path);
            env.put("HOME", dir.toString());
            env.put("LANG", "C.UTF-8");
            env.put("DOJO_ENV_URL", access.environmentUrl());
            env.put("DOJO_PLATFORM_URL", access.platformUrl());
            env.put("DOJO_LLM_BASE_URL", access.llmBaseUrl());
            env.put("DOJO_EPISODE_ID", access.episodeId());
            env.put("DOJO_EPISODE_TOKEN", access.token());
            process = builder.start();
            Instant deadline = Instant.now().plus(wallTime);
            while (true) {
                if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                    return new Exit(process.exitValue(), false, false, tail(log));
                }
                if (Instant.now().isAfter(deadline)) {
                    kill(process);
                    return new Exit(-1, true, false, tail(log));
                }
                if (!stillOpen.getAsBoolean()) {
                    kill(process);
                    return new Exit(-1, false, true, tail(log));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the agent program cannot be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exit(-1, false, true, tail(log));
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            delete(dir);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= LOG_TAIL_CHARS ? text : text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            Log.warnf("could not delete the agent's working directory %s: %s", dir, e.getMessage());
        }
    }
}
