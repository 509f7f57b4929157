package dev.mledojo.agent;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import dev.mledojo.account.UserAccount;
import dev.mledojo.error.DomainException;

/** Registers agents and their versions; a config is checked by building the agent's policy once. */
@ApplicationScoped
public class AgentService {

    /** The kind of external agent programs (their factory, in a sub-package, takes its name from here). */
    public static final String EXTERNAL = "external";

    private final Instance<AgentFactory> factories;
    private final dev.mledojo.secret.SecretStore secrets;

    private static final int MAX_DESCRIPTION = 2000;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,99}";

    public AgentService(Instance<AgentFactory> factories, dev.mledojo.secret.SecretStore secrets) {
        this.factories = factories;
        this.secrets = secrets;
    }

    /** An agent on the wire. */
    public record AgentView(long id, String owner, String name, String kind, String visibility, String description,
            List<VersionView> versions) {
    }

    /** One version on the wire. */
    public record VersionView(long id, int number, Map<String, Object> config, Instant createdAt) {
    }

    /** {@code POST /api/v1/agents}. */
    public record CreateRequest(String name, String kind, String visibility, String description,
            Map<String, Object> config) {
    }

    @Transactional
    public AgentView create(String owner, CreateRequest r) {
        if (r == null || r.name() == null || !r.name().matches(NAME)) {
            throw DomainException.invalid("invalid-agent", "Name the agent with letters, digits, '.', '_' or '-' (at most 100).")
                    .onField("name");
        }
        String kind = r.kind() == null ? "" : r.kind().toLowerCase(Locale.ROOT);
        String visibility = r.visibility() == null ? "private" : r.visibility().toLowerCase(Locale.ROOT);
        if (!visibility.equals("public") && !visibility.equals("private")) {
            throw DomainException.invalid("invalid-agent", "visibility is public or private.").onField("visibility");
        }
        Agent.lockName(owner, r.name());
        if (Agent.find(owner, r.name()).isPresent()) {
            throw DomainException.conflict("agent-exists", "You already have an agent '" + r.name() + "'; add a version instead.")
                    .onField("name");
        }
        if (r.description() != null && (r.description().length() > MAX_DESCRIPTION || hasControl(r.description()))) {
            throw DomainException.invalid("invalid-agent", "The description is plain text of at most " + MAX_DESCRIPTION
                    + " characters.").onField("description");
        }
        refuseSecretName(r.config());
        refuseControlCharacters(r.config());
        check(kind, withoutKey(r.config()));
        requireExternalPermission(owner, kind);
        Agent a = new Agent();
        a.owner = owner;
        a.name = r.name();
        a.kind = kind;
        a.visibility = visibility;
        a.description = r.description();
        a.createdAt = Instant.now();
        a.persist();
        a.addVersion(storeKey(a, r.config(), owner));
        return view(a);
    }

    @Transactional
    public AgentView addVersion(String owner, String name, Map<String, Object> config) {
        Agent a = owned(owner, name);
        a.lockVersions();
        refuseSecretName(config);
        refuseControlCharacters(config);
        check(a.kind, withoutKey(config));
        requireExternalPermission(owner, a.kind);
        a.addVersion(storeKey(a, config, owner));
        return view(a);
    }

    @Transactional
    public List<AgentView> mine(String owner) {
        return Agent.<Agent>list("owner = ?1 order by name", owner).stream().map(AgentService::view).toList();
    }

    @Transactional
    public AgentView get(String owner, String name) {
        return view(owned(owner, name));
    }

    /** What a form may offer for a kind's main setting (e.g. the baselines), see {@link AgentFactory#presets()}. */
    public List<String> presets(String kind) {
        return factories.stream().filter(f -> f.kind().equals(kind)).findFirst().map(AgentFactory::presets)
                .orElse(List.of());
    }

    /** The owner's agent of this name; another user's agent is as unknown as one that does not exist. */
    private static Agent owned(String owner, String name) {
        // a name no agent can have (control characters, too long) is not even looked up
        return (name != null && name.matches(NAME) ? Agent.find(owner, name) : java.util.Optional.<Agent>empty())
                .orElseThrow(() -> DomainException.notFound("unknown-agent", "You have no agent '"
                        + printable(String.valueOf(name)) + "'."));
    }

    /**
     * Text the database cannot store (NUL) or that has no place in a setting (other control characters but tab and
     * newline) is refused with the config key it was found under, instead of failing in the database.
     */
    private static void refuseControlCharacters(Map<String, Object> config) {
        if (config == null) {
            return;
        }
        for (Map.Entry<String, Object> e : config.entrySet()) {
            if (hasControl(e.getKey()) || containsControl(e.getValue())) {
                throw DomainException.invalid("invalid-agent-config", "'" + printable(e.getKey())
                        + "' contains control characters (such as NUL); settings are plain text.")
                        .onField("config." + printable(e.getKey()));
            }
        }
    }

    private static boolean containsControl(Object value) {
        if (value instanceof String s) {
            return hasControl(s);
        } else if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().anyMatch(e -> containsControl(e.getKey()) || containsControl(e.getValue()));
        } else if (value instanceof java.util.Collection<?> c) {
            return c.stream().anyMatch(AgentService::containsControl);
        }
        return false;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f);
    }

    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    /** Only the platform names stored secrets: a config naming one could make the gateway send another secret out. */
    private static void refuseSecretName(Map<String, Object> config) {
        if (config != null && config.containsKey(dev.mledojo.llm.LlmSettings.API_KEY_SECRET)) {
            throw DomainException.invalid("invalid-agent-config", "Send the key as '" + dev.mledojo.llm.LlmSettings.API_KEY
                    + "'; '" + dev.mledojo.llm.LlmSettings.API_KEY_SECRET + "' is set by the platform.");
        }
    }

    /** The config as it will be stored, for validation: the key replaced by a marker that a key is stored. */
    private static Map<String, Object> withoutKey(Map<String, Object> config) {
        if (config == null || !config.containsKey(dev.mledojo.llm.LlmSettings.API_KEY)) {
            return config;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(config);
        out.remove(dev.mledojo.llm.LlmSettings.API_KEY);
        out.put(dev.mledojo.llm.LlmSettings.API_KEY_SECRET, "(to be stored)");
        return out;
    }

    /**
     * Moves an API key out of the config into the secret store (AES-GCM, under {@code agent.<id>.v<n>.api-key}); the
     * stored config only names the secret, so the key is never returned by any API.
     */
    private Map<String, Object> storeKey(Agent a, Map<String, Object> config, String actor) {
        if (config == null) {
            return Map.of();
        }
        if (!config.containsKey(dev.mledojo.llm.LlmSettings.API_KEY)) {
            return config;
        }
        Object key = config.get(dev.mledojo.llm.LlmSettings.API_KEY);
        if (!(key instanceof String k) || k.isBlank() || k.length() > 4000) {
            throw DomainException.invalid("invalid-agent-config", "'" + dev.mledojo.llm.LlmSettings.API_KEY
                    + "' must be a non-empty string (at most 4000 characters).")
                    .onField("config." + dev.mledojo.llm.LlmSettings.API_KEY);
        }
        String name = AgentVersion.apiKeySecretName(a.id, a.nextVersionNumber());
        secrets.put(name, k, actor);
        Map<String, Object> out = new java.util.LinkedHashMap<>(config);
        out.remove(dev.mledojo.llm.LlmSettings.API_KEY);
        out.put(dev.mledojo.llm.LlmSettings.API_KEY_SECRET, name);
        return out;
    }

    /** Whether an admin allowed {@code user} to register external agent programs. */
    @Transactional
    public boolean mayRegisterExternal(String user) {
        return UserAccount.byName(user).map(u -> u.externalAgents).orElse(false);
    }

    /** External agent programs only for users an admin allowed (PUT /api/v1/admin/users/{name}/external-agents). */
    private void requireExternalPermission(String owner, String kind) {
        if (EXTERNAL.equals(kind)
                && !mayRegisterExternal(owner)) {
            throw DomainException.forbidden("external-agents-not-allowed", "Registering external agent programs needs "
                    + "an admin's permission; ask an admin of this platform to allow it for your account.")
                    .onField("kind");
        }
    }

    private void check(String kind, Map<String, Object> config) {
        AgentFactory factory = factories.stream().filter(f -> f.kind().equals(kind)).findFirst()
                .orElseThrow(() -> DomainException.invalid("invalid-agent", "kind must be one of "
                        + factories.stream().map(AgentFactory::kind).sorted().toList() + ", got '" + printable(kind) + "'.")
                        .onField("kind"));
        try {
            factory.create(config == null ? Map.of() : config);
        } catch (dev.mledojo.error.InvalidSetting e) {
            throw DomainException.invalid("invalid-agent-config", e.getMessage()).onField("config." + e.key());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("invalid-agent-config", e.getMessage());
        }
    }

    static AgentView view(Agent a) {
        List<VersionView> versions = AgentVersion.<AgentVersion>list("agent = ?1 order by number", a).stream()
                .map(v -> new VersionView(v.id, v.number, v.config, v.createdAt)).toList();
        return new AgentView(a.id, a.owner, a.name, a.kind, a.visibility, a.description, versions);
    }
}
