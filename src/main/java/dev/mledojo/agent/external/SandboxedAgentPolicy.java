package dev.mledojo.agent.external;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.agent.SelfDrivenPolicy;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.ExecutionRequest;
import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.Outcome;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.sandbox.Workspaces;

/**
 * Runs an external agent program in the same sandbox as agent code (bubblewrap, its own uid, control group and seccomp
 * filter, no network): its working folder (also {@code HOME}) is a fresh workspace, the folders the operator listed in
 * {@code dojo.agents.program-dirs} are mounted read-only at the same paths, and its only way out is a
 * {@link PlatformTunnel} to the platform, which the in-sandbox launcher serves at {@code http://127.0.0.1:8000}. The
 * agent's output goes to {@code agent.log}, whose end is reported when it fails.
 */
final class SandboxedAgentPolicy implements SelfDrivenPolicy {

    static final int INSIDE_PORT = 8000;
    private static final String INSIDE_URL = "http://127.0.0.1:" + INSIDE_PORT;
    private static final int LOG_TAIL_CHARS = 2000;
    private static final String LAUNCHER = launcher();

    private final List<String> command;
    private final EpisodeAccess access;
    private final CodeExecutor executor;
    private final SandboxLimits limits;
    private final List<Path> programDirs;

    SandboxedAgentPolicy(List<String> command, EpisodeAccess access, CodeExecutor executor, SandboxLimits limits,
            List<Path> programDirs) {
        this.command = List.copyOf(command);
        this.access = access;
        this.executor = executor;
        this.limits = limits;
        this.programDirs = List.copyOf(programDirs);
    }

    @Override
    public Exit drive(Duration wallTime, BooleanSupplier stillOpen) {
        if (access == null) {
            throw new IllegalStateException("an external agent runs only in an episode");
        }
        Path home = null;
        Path net = null;
        try {
            home = Files.createTempDirectory("dojo-agent-");
            net = Files.createTempDirectory("dojo-agent-net-");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(net, PosixFilePermissions.fromString("rwx--x--x"));
            Path token = home.resolve(".episode-token");
            Files.createFile(token, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(token, access.token(), StandardCharsets.UTF_8);
            try (PlatformTunnel tunnel = PlatformTunnel.open(net, platformAddress(access.platformUrl()))) {
                // CPU time: the group's bandwidth (at most 8 cores) already bounds it; the wall time is the real limit
                ExecutionResult r = executor.run(new ExecutionRequest(LAUNCHER, home, null,
                        limits.withWallTime(wallTime).withCpuTime(wallTime.multipliedBy(8)),
                        new ExecutionRequest.Extras(args(), environment(), mounts(net), () -> !stillOpen.getAsBoolean())));
                String log = tail(home.resolve("agent.log"));
                if (!stillOpen.getAsBoolean()) {
                    return new Exit(-1, false, true, log);
                }
                return switch (r.outcome()) {
                    case SUCCESS, ERROR -> new Exit(r.exitCode(), false, false, log.isEmpty() ? r.stderr() : log);
                    case WALL_TIME_LIMIT -> new Exit(-1, true, false, log);
                    case SANDBOX_ERROR -> throw new IllegalStateException("the agent's sandbox failed: " + r.stderr());
                    default -> new Exit(r.exitCode() == 0 ? 1 : r.exitCode(), false, false,
                            log + "\n[sandbox] limit reached: " + r.limitHit());
                };
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the external agent's sandbox", e);
        } finally {
            for (Path dir : new Path[] {home, net}) {
                if (dir != null) {
                    try {
                        Workspaces.delete(dir); // at any depth: the agent controls what its workspace holds
                    } catch (IOException e) {
                        io.quarkus.logging.Log.warnf("could not delete the agent's folder %s: %s", dir, e.getMessage());
                    }
                }
            }
        }
    }

    private List<String> args() {
        List<String> args = new ArrayList<>(List.of(Integer.toString(INSIDE_PORT),
                "/run/dojo/" + PlatformTunnel.SOCKET, "/workspace/agent.log"));
        args.addAll(command);
        return args;
    }

    /** What the agent is told; the token itself comes in a file the launcher removes (argv and env show on the host). */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        EpisodeAccess inside = new EpisodeAccess(access.episodeId(), "", INSIDE_URL);
        env.put("DOJO_PLATFORM_URL", INSIDE_URL);
        env.put("DOJO_ENV_URL", inside.environmentUrl());
        env.put("DOJO_LLM_BASE_URL", inside.llmBaseUrl());
        env.put("DOJO_EPISODE_ID", access.episodeId());
        return env;
    }

    private List<ExecutionRequest.Mount> mounts(Path net) {
        List<ExecutionRequest.Mount> mounts = new ArrayList<>();
        mounts.add(new ExecutionRequest.Mount(net, "/run/dojo", false));
        for (Path dir : programDirs) {
            mounts.add(new ExecutionRequest.Mount(dir, dir.toString(), false));
        }
        return mounts;
    }

    /** The platform's host and port from its URL as agents reach it (plain HTTP on this host by default). */
    static InetSocketAddress platformAddress(String platformUrl) {
        URI uri = URI.create(platformUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new InetSocketAddress(uri.getHost(), port);
    }

    /** The last characters of the log, read from its end (the log may be as large as the workspace limit). */
    private static String tail(Path log) {
        if (!Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(log)) {
            long from = Math.max(0, ch.size() - 4L * LOG_TAIL_CHARS);
            ch.position(from);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (ch.size() - from));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read to the end
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).replace('\0', '\uFFFD');
            return text.length() <= LOG_TAIL_CHARS ? text : text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "";
        }
    }

    private static String launcher() {
        try (InputStream in = SandboxedAgentPolicy.class.getResourceAsStream("launcher.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the external agent launcher is missing from the build", e);
        }
    }
}
