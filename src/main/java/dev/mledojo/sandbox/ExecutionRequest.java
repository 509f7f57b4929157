package dev.mledojo.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * One run: the Python source, the workspace mounted read-write at {@code /workspace} (the working directory), the
 * task's public data mounted read-only at {@code /data} (may be null: nothing is mounted), the limits, and
 * {@link Extras} for programs that are more than one script (an external agent: arguments, a few more variables and
 * mounts, and a way to stop it early).
 */
public record ExecutionRequest(String code, Path workspace, Path publicData, SandboxLimits limits, Extras extras) {

    /** A host path mounted at {@code target} inside the sandbox, read-only unless {@code writable}. */
    public record Mount(Path source, String target, boolean writable) {

        public Mount {
            Objects.requireNonNull(source, "source");
            if (!source.isAbsolute() || target == null || !target.startsWith("/") || target.contains("..")
                    || List.of("/", "/usr", "/etc", "/proc", "/dev", "/tmp", "/data", "/workspace", "/sandbox")
                            .contains(target)) {
                throw new IllegalArgumentException("a mount needs an absolute source and a target of its own: "
                        + source + " -> " + target);
            }
        }
    }

    /**
     * Arguments after the script ({@code sys.argv[1:]}), variables added to the sandbox's allow-listed environment
     * (names {@code DOJO_*} only), extra mounts, and {@code cancelled}: polled while the run lasts, true stops it.
     */
    public record Extras(List<String> args, Map<String, String> env, List<Mount> mounts, BooleanSupplier cancelled) {

        private static final Pattern NAME = Pattern.compile("DOJO_[A-Z0-9_]{1,64}");

        public Extras {
            args = List.copyOf(args == null ? List.of() : args);
            env = Map.copyOf(env == null ? Map.of() : env);
            mounts = List.copyOf(mounts == null ? List.of() : mounts);
            cancelled = cancelled == null ? () -> false : cancelled;
            for (String name : env.keySet()) {
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("only DOJO_* variables may be added: " + name);
                }
            }
        }

        static final Extras NONE = new Extras(List.of(), Map.of(), List.of(), () -> false);
    }

    public ExecutionRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(limits, "limits");
        extras = extras == null ? Extras.NONE : extras;
    }

    public ExecutionRequest(String code, Path workspace, Path publicData, SandboxLimits limits) {
        this(code, workspace, publicData, limits, Extras.NONE);
    }

    /** A request with the default limits. */
    public static ExecutionRequest of(String code, Path workspace, Path publicData) {
        return new ExecutionRequest(code, workspace, publicData, SandboxLimits.defaults());
    }
}
