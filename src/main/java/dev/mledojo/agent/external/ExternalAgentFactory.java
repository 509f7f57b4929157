package dev.mledojo.agent.external;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentService;
import dev.mledojo.agent.AgentsConfig;
import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.Isolation;
import dev.mledojo.sandbox.SandboxConfig;

/**
 * Agents of kind {@code external}: a program ({@code {"command": ["python3", "agent.py"]}}) that steps the environment
 * over HTTP with its episode token. The local runner starts it in the sandbox ({@link SandboxedAgentPolicy}); only with
 * sandbox isolation {@code none} (a developer laptop) or inside an episode pod does it run as a plain process
 * ({@link ExternalProcessPolicy}). Off unless {@code dojo.agents.external-processes=true}, and only for users an admin
 * allowed.
 */
@ApplicationScoped
public class ExternalAgentFactory implements AgentFactory {

    public static final String KIND = AgentService.EXTERNAL;

    private final AgentsConfig config;
    private final CodeExecutor executor;
    private final SandboxConfig sandbox;

    public ExternalAgentFactory(AgentsConfig config, CodeExecutor executor, SandboxConfig sandbox) {
        this.config = config;
        this.executor = executor;
        this.sandbox = sandbox;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AgentPolicy create(Map<String, Object> agentConfig) {
        return new ExternalProcessPolicy(command(agentConfig), null);
    }

    @Override
    public AgentPolicy create(Map<String, Object> agentConfig, EpisodeAccess access) {
        List<String> command = command(agentConfig);
        if (executor instanceof BwrapExecutor b && b.settings().isolation() == Isolation.BWRAP) {
            List<Path> dirs = config.programDirs().orElse(List.of()).stream()
                    .map(d -> Path.of(d).toAbsolutePath().normalize()).toList();
            return new SandboxedAgentPolicy(command, access, executor, sandbox.defaultLimits(), dirs);
        }
        return new ExternalProcessPolicy(command, access);
    }

    private List<String> command(Map<String, Object> agentConfig) {
        if (!config.externalProcesses()) {
            throw new IllegalArgumentException("external agents are disabled on this platform (an operator enables "
                    + "them with dojo.agents.external-processes=true)");
        }
        return commandOf(agentConfig);
    }

    /** The program and its arguments from an agent version's config (for a runner that starts it elsewhere). */
    public static List<String> commandOf(Map<String, Object> agentConfig) {
        Object command = agentConfig == null ? null : agentConfig.get("command");
        if (!(command instanceof List<?> list) || list.isEmpty() || list.size() > 100
                || !list.stream().allMatch(a -> a instanceof String s && !s.isEmpty() && s.length() <= 4000)) {
            throw new dev.mledojo.error.InvalidSetting("command", "an external agent needs 'command': the program and its arguments, "
                    + "e.g. [\"python3\", \"/opt/agents/my_agent.py\"]");
        }
        return list.stream().map(String.class::cast).toList();
    }
}
