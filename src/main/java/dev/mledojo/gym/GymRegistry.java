package dev.mledojo.gym;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.mledojo.sandbox.ExecutionResult;

/** Finds the environment's extension beans by name: actions, info providers, feedback formatters, error kinds. */
@ApplicationScoped
public class GymRegistry {

    private final Map<String, Action> actions;
    private final Map<String, InfoProvider> infos;
    private final Map<String, FeedbackFormatter> formatters;
    private final Map<String, ErrorKind> errorKinds;
    private final List<ErrorKind> recognisers;

    public GymRegistry(Instance<Action> actions, Instance<InfoProvider> infos, Instance<FeedbackFormatter> formatters,
            Instance<ErrorKind> errorKinds) {
        this.actions = index(actions, Action::name, "action");
        this.infos = index(infos, InfoProvider::type, "info type");
        this.formatters = index(formatters, FeedbackFormatter::name, "feedback formatter");
        this.errorKinds = index(errorKinds, ErrorKind::name, "error kind");
        this.recognisers = this.errorKinds.values().stream().sorted(Comparator.comparingInt(ErrorKind::priority)).toList();
    }

    private static <T> Map<String, T> index(Iterable<T> beans, Function<T, String> name, String what) {
        Map<String, T> map = new TreeMap<>();
        for (T bean : beans) {
            T previous = map.putIfAbsent(name.apply(bean), bean);
            if (previous != null) {
                throw new IllegalStateException("two beans claim the " + what + " '" + name.apply(bean) + "'");
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    public Optional<Action> action(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    public Map<String, Action> actions() {
        return actions;
    }

    public Optional<InfoProvider> info(String type) {
        return Optional.ofNullable(infos.get(type));
    }

    public Map<String, InfoProvider> infos() {
        return infos;
    }

    public Optional<FeedbackFormatter> formatter(String name) {
        return Optional.ofNullable(formatters.get(name));
    }

    /** A registered kind; failing loudly on a typo in our own code. */
    public ErrorKind kind(String name) {
        ErrorKind kind = errorKinds.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("no error kind '" + name + "' is registered");
        }
        return kind;
    }

    /** The first kind that recognises a failed run, with its message. */
    public Optional<StepError> recognise(ExecutionResult run, String details) {
        for (ErrorKind kind : recognisers) {
            Optional<String> message = kind.recognise(run);
            if (message.isPresent()) {
                return Optional.of(StepError.of(kind, message.get(), details));
            }
        }
        return Optional.empty();
    }
}
