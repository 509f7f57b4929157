package dev.mledojo.agent.external;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentsConfig;
import dev.mledojo.agent.EpisodeAccess;

/**
 * Agents of kind {@code external}: a program ({@code {"command": ["python3", "agent.py"]}}) started by the runner as a
 * local process that steps the environment over HTTP with its episode token (see {@link ExternalProcessPolicy}). Off
 * unless {@code dojo.agents.external-processes=true}: the process is not sandboxed yet.
 */
@ApplicationScoped
public class ExternalAgentFactory implements AgentFactory {

    public static final String KIND = "external";

    private final AgentsConfig config;

    public ExternalAgentFactory(AgentsConfig config) {
        this.config = config;
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
        return new ExternalProcessPolicy(command(agentConfig), access);
    }

    private List<String> command(Map<String, Object> agentConfig) {
        if (!config.externalProcesses()) {
            throw new IllegalArgumentException("external agents are disabled on this platform (they run as plain "
                    + "processes on its host; an operator enables them with dojo.agents.external-processes=true)");
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
