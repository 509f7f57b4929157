package dev.mledojo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The layering of {@code src/docs/architecture.md}, checked on the main classes: no package cycles (top-level and
 * sub-packages), every dependency points down the layers, {@code metric} and {@code sandbox} stand alone, pure cores
 * use no container, persistence or HTTP, and only the web edge speaks HTTP.
 */
@AnalyzeClasses(packages = "dev.mledojo", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Bottom to top: a package may use the packages of its own and lower layers only. */
    static final List<List<String>> LAYERS = List.of(
            List.of("error", "files", "metric", "sandbox", "db"),
            List.of("web"),
            List.of("client"),
            List.of("account", "secret"),
            List.of("task"),
            List.of("grading"),
            List.of("gym"),
            List.of("llm"),
            List.of("agent"),
            List.of("episode"),
            List.of("gateway"),
            List.of("scheduling"),
            List.of("kubernetes"),
            List.of("runner"),
            List.of("leaderboard"),
            List.of("dataset"),
            List.of("admin"),
            List.of("app"));

    /** What a pure core must not touch: injection and lookup, events, persistence, transactions, HTTP, Quarkus. */
    static final String[] IMPURE = {"jakarta.inject..", "jakarta.enterprise.inject..", "jakarta.enterprise.event..",
            "jakarta.persistence..", "jakarta.transaction..", "jakarta.ws.rs..", "io.quarkus..", "org.hibernate..",
            "io.vertx..", "io.fabric8..", "org.jboss.resteasy..", "dev.mledojo.web.."};

    /** The Job spec and state mapping build and read Fabric8's model classes, but never talk to a cluster. */
    static final String[] IMPURE_FOR_JOB_SPECS = {"jakarta.inject..", "jakarta.enterprise..", "jakarta.persistence..",
            "jakarta.transaction..", "jakarta.ws.rs..", "io.quarkus..", "org.hibernate..", "io.vertx..",
            "io.fabric8.kubernetes.client..", "org.jboss.resteasy..", "dev.mledojo.web.."};

    @ArchTest
    static final ArchRule top_level_packages_are_free_of_cycles = slices().matching("dev.mledojo.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule sub_packages_are_free_of_cycles = slices().matching("dev.mledojo.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dependencies_point_down_the_layers = layers();

    @ArchTest
    static final ArchRule metric_depends_on_nothing_else_of_the_platform = noClasses()
            .that().resideInAPackage("dev.mledojo.metric..")
            .should().dependOnClassesThat(platformOutside("dev.mledojo.metric"));

    @ArchTest
    static final ArchRule sandbox_depends_on_nothing_else_of_the_platform = noClasses()
            .that().resideInAPackage("dev.mledojo.sandbox..")
            .should().dependOnClassesThat(platformOutside("dev.mledojo.sandbox"));

    /**
     * Metrics, the grading core, task parsing and the Job spec builder are plain Java. A metric may carry a scope
     * annotation ({@code jakarta.enterprise.context}): that is how "adding a metric is adding a bean" works; it never
     * injects, looks up, persists or speaks HTTP.
     */
    @ArchTest
    static final ArchRule pure_cores_use_no_container_persistence_or_http = noClasses()
            .that(pureCore()).should().dependOnClassesThat().resideInAnyPackage(IMPURE)
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule job_specs_and_state_mapping_never_talk_to_a_cluster = noClasses()
            .that(pureKubernetes()).should().dependOnClassesThat().resideInAnyPackage(IMPURE_FOR_JOB_SPECS)
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule only_the_web_edge_speaks_http = noClasses()
            .that().resideOutsideOfPackage("dev.mledojo.web..")
            .and().haveSimpleNameNotEndingWith("Resource")
            .and().haveSimpleNameNotEndingWith("Page")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "dev.mledojo.web..");

    @ArchTest
    static final ArchRule domain_errors_are_mapped_only_at_the_edge = classes()
            .that().resideInAPackage("dev.mledojo.error..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.mledojo.error..");

    static DescribedPredicate<JavaClass> platformOutside(String pkg) {
        return new DescribedPredicate<>("classes of dev.mledojo outside " + pkg) {
            @Override
            public boolean test(JavaClass c) {
                return c.getPackageName().startsWith("dev.mledojo.") && !c.getPackageName().equals(pkg)
                        && !c.getPackageName().startsWith(pkg + ".");
            }
        };
    }

    static DescribedPredicate<JavaClass> pureCore() {
        List<String> taskFormat = List.of("TaskParser", "TaskDefinition", "TaskProblem", "MemoryQuantity", "FeedbackSplit",
                "Answers");
        return new DescribedPredicate<>("pure cores (metric, grading core, task parsing, board statistics)") {
            @Override
            public boolean test(JavaClass c) {
                String pkg = c.getPackageName();
                String outer = c.getName().substring(pkg.length() + 1).split("\\$")[0];
                if (pkg.equals("dev.mledojo.metric") || pkg.startsWith("dev.mledojo.metric.")
                        || pkg.equals("dev.mledojo.leaderboard.stats")) {
                    return true;
                }
                if (pkg.equals("dev.mledojo.grading")) {
                    return !Arrays.asList("Service", "Config", "Resource", "Producer").stream().anyMatch(outer::endsWith);
                }
                if (pkg.equals("dev.mledojo.task")) {
                    return taskFormat.contains(outer);
                }
                return false;
            }
        };
    }

    /** The pure part of {@code kubernetes}: everything but its adapters (launcher, informers, reconciler, config). */
    static DescribedPredicate<JavaClass> pureKubernetes() {
        List<String> adapters = List.of("Launcher", "Reconciler", "Informer", "Informers", "Config", "Resource",
                "Producer", "Logs", "Readiness", "Queue");
        return new DescribedPredicate<>("the Job spec builder and the state mapping") {
            @Override
            public boolean test(JavaClass c) {
                String pkg = c.getPackageName();
                String outer = c.getName().substring(pkg.length() + 1).split("\\$")[0];
                return pkg.equals("dev.mledojo.kubernetes") && adapters.stream().noneMatch(outer::endsWith);
            }
        };
    }

    static ArchRule layers() {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> higher = new ArrayList<>();
            for (List<String> layer : LAYERS.subList(i + 1, LAYERS.size())) {
                layer.forEach(p -> higher.add("dev.mledojo." + p + ".."));
            }
            if (higher.isEmpty()) {
                continue;
            }
            for (String pkg : LAYERS.get(i)) {
                rules.add(noClasses().that().resideInAPackage("dev.mledojo." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(higher.toArray(String[]::new))
                        .as(pkg + " uses no higher layer").allowEmptyShould(true));
            }
        }
        ArchRule all = CompositeArchRule.of(rules.get(0));
        for (ArchRule r : rules.subList(1, rules.size())) {
            all = ((CompositeArchRule) all).and(r);
        }
        return all;
    }

    /** Every top-level package is placed in exactly one layer, so a new package cannot slip past the layering. */
    @ArchTest
    static void every_package_has_a_layer(JavaClasses classes) {
        List<String> placed = LAYERS.stream().flatMap(List::stream).toList();
        List<String> missing = classes.stream().map(JavaClass::getPackageName)
                .filter(p -> p.startsWith("dev.mledojo.")).map(p -> p.substring("dev.mledojo.".length()).split("\\.")[0])
                .distinct().filter(p -> !placed.contains(p)).sorted().toList();
        org.assertj.core.api.Assertions.assertThat(missing).as("packages without a layer in ArchitectureTest.LAYERS")
                .isEmpty();
    }
}
