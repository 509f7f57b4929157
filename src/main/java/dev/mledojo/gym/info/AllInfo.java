package dev.mledojo.gym.info;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.InfoProvider;

/** {@code all}: every other registered info type, one section each. */
@ApplicationScoped
public class AllInfo implements InfoProvider {

    private final Provider<GymRegistry> registry;

    @Inject
    public AllInfo(Provider<GymRegistry> registry) {
        this.registry = registry; // a provider: the registry itself lists this bean
    }

    @Override
    public String type() {
        return "all";
    }

    @Override
    public String provide(EpisodeContext context) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, InfoProvider> e : registry.get().infos().entrySet()) {
            if (e.getKey().equals(type())) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append("--- ").append(e.getKey()).append(" ---\n").append(e.getValue().provide(context));
        }
        return sb.toString();
    }
}
