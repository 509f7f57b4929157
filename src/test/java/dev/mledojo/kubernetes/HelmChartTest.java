package dev.mledojo.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The Helm chart in helm/mle-dojo: lint and render it with the Helm library that helm-java bundles, parse every
 * rendered object into Fabric8's model, apply the objects to a Fabric8 CRUD mock server, and check what was stored.
 */
class HelmChartTest {

    static final Path CHART = Path.of("helm/mle-dojo");
    static final Path ALL_OPTIONS = Path.of("src/test/resources/helm/all-options.yaml");
    // helm-java's library reports Kubernetes v1.20 unless told otherwise, below the chart's kubeVersion.
    static final String KUBE_VERSION = "1.33.0";
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static final CustomResourceDefinitionContext LOCAL_QUEUE = new CustomResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withKind("LocalQueue").withPlural("localqueues")
            .withScope("Namespaced").build();
    static final CustomResourceDefinitionContext SERVICE_MONITOR = new CustomResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com").withVersion("v1").withKind("ServiceMonitor")
            .withPlural("servicemonitors").withScope("Namespaced").build();

    /** One installation of the chart: release, namespaces, rendered objects, and what the mock server stored. */
    record Install(String name, String release, String namespace, String episodesNamespace, List<HasMetadata> rendered,
            Map<String, HasMetadata> stored) {

        String fullname() {
            return release + "-mle-dojo";
        }

        <T extends HasMetadata> T get(Class<T> type, String objectName) {
            HasMetadata found = stored.get(key(type.getSimpleName(), objectName));
            assertThat(found).as("%s %s in %s", type.getSimpleName(), objectName, name).isNotNull();
            return type.cast(found);
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return stored.values().stream().filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static KubernetesMockServer server;
    static KubernetesClient client;
    static Install defaults;
    static Install everything;

    @BeforeAll
    static void renderAndApply() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        server.expectCustomResource(LOCAL_QUEUE);
        server.expectCustomResource(SERVICE_MONITOR);
        client = server.createClient();
        // Two releases side by side in the same mock, as two installations could share a cluster.
        defaults = install("default values", "dojo", "mle", "mle", t -> t);
        everything = install("every option on", "prod", "mle-prod", "mle-episodes", t -> t.withValuesFile(ALL_OPTIONS));
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    static Stream<Install> installs() {
        return Stream.of(defaults, everything);
    }

    // ---- lint --------------------------------------------------------------------------------------------------

    @Test
    void lintPassesStrictWithDefaultValues() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lintPassesStrictWithEveryOptionOn(@TempDir Path tmp) throws IOException {
        // helm lint takes no values file here, so lint a copy whose values.yaml is the merged "everything on" set.
        Path chart = copyChart(tmp);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        @SuppressWarnings("unchecked")
        Map<String, Object> values = yaml.readValue(CHART.resolve("values.yaml").toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> options = yaml.readValue(ALL_OPTIONS.toFile(), Map.class);
        yaml.writeValue(chart.resolve("values.yaml").toFile(), merge(values, options));

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        String rendered = render(chart, "prod", "mle-prod", t -> t);
        assertThat(rendered).contains("kind: LocalQueue", "kind: ServiceMonitor", "kind: Ingress");
    }

    @Test
    void brokenTemplateFailsLintAndTemplate(@TempDir Path tmp) throws IOException {
        Path chart = copyChart(tmp);
        Path deployment = chart.resolve("templates/deployment.yaml");
        // An action that is never closed: a typical editing slip.
        Files.writeString(deployment, Files.readString(deployment).replace(
                "replicas: {{ $v.platform.replicas }}", "replicas: {{ $v.platform.replicas "));

        LintResult lint = new Helm(chart).lint().strict().call();

        assertThat(lint.isFailed()).isTrue();
        assertThat(lint.getMessages()).anyMatch(m -> m.contains("[ERROR]") && m.contains("deployment.yaml"));
        assertThatThrownBy(() -> render(chart, "dojo", "mle", t -> t))
                .hasMessageContaining("deployment.yaml");
    }

    @Test
    void notesTellWhatToCheckBeforeTheFirstEpisode() {
        // A client-only dry run renders NOTES.txt as helm install prints it, without a cluster.
        String output = new Helm(CHART).install().withName("dojo").withNamespace("mle").withKubeVersion(KUBE_VERSION)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();

        assertThat(output).contains("NOTES:");
        String notes = output.substring(output.indexOf("NOTES:"));
        assertThat(notes).contains(
                "kubectl -n mle port-forward svc/dojo-mle-dojo 8080:8080",
                "app.kubernetes.io/managed-by=mle-dojo,app.kubernetes.io/instance=dojo",
                "kubectl label namespace mle pod-security.kubernetes.io/enforce=restricted",
                "only if the cluster's network plugin enforces NetworkPolicies",
                "runs an embedded one in its data volume",
                "default passwords",
                "so the platform refuses to start");
    }

    // ---- values schema and guards ------------------------------------------------------------------------------

    @Test
    void schemaRejectsUnknownKeysAndWrongTypes() {
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("platform.replicaCount", 2)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("episodez.capacity", 2)))
                .hasMessageContaining("episodez");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("episodes.capacity", "many")))
                .hasMessageContaining("capacity");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("auth.mode", "ldap")))
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("image.digest", "latest")))
                .hasMessageContaining("digest");
    }

    @Test
    void combinationsTheSchemaCannotExpressFailWithAReadableMessage() {
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("platform.replicas", 2)))
                .hasMessageContaining("platform.replicas > 1 needs an external PostgreSQL");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("platform.replicas", 2)
                .set("database.url", "jdbc:postgresql://db:5432/dojo")))
                .hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("auth.mode", "oidc")))
                .hasMessageContaining("auth.oidc.authServerUrl");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("kueue.createLocalQueue", true)
                .set("kueue.queueName", "q")))
                .hasMessageContaining("kueue.clusterQueue");
    }

    @Test
    void episodeTolerationsThePlatformCannotExpressAreRejected() {
        // The platform reads tolerations as taints (key=value:Effect): no tolerationSeconds, no value with Exists.
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("episodes.tolerations[0].key", "x")
                .set("episodes.tolerations[0].tolerationSeconds", 60)))
                .hasMessageContaining("tolerationSeconds");
        assertThatThrownBy(() -> render(CHART, "dojo", "mle", t -> t.set("episodes.gpuTolerations[0].key", "x")
                .set("episodes.gpuTolerations[0].operator", "Exists").set("episodes.gpuTolerations[0].value", "y")))
                .hasMessageContaining("episode toleration x: operator Exists takes no value");
    }

    @Test
    void clustersOlderThanTheChartsKubeVersionAreRejected() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("dojo").withNamespace("mle")
                .withKubeVersion("1.27.9").call())
                .hasMessageContaining(">=1.28.0-0");
    }

    // ---- what is rendered ------------------------------------------------------------------------------------

    @Test
    void defaultValuesRenderTheCoreObjectsOnly() {
        assertThat(kindsAndNames(defaults.rendered())).containsExactlyInAnyOrder(
                "ConfigMap mle/dojo-mle-dojo-config",
                "ConfigMap mle/dojo-mle-dojo-env",
                "Deployment mle/dojo-mle-dojo",
                "NetworkPolicy mle/dojo-mle-dojo-runner",
                "PersistentVolumeClaim mle/dojo-mle-dojo-data",
                "Role mle/dojo-mle-dojo-episodes",
                "RoleBinding mle/dojo-mle-dojo-episodes",
                "Service mle/dojo-mle-dojo",
                "ServiceAccount mle/dojo-mle-dojo",
                "ServiceAccount mle/dojo-mle-dojo-runner");
    }

    @Test
    void everyOptionRendersTheOptionalObjectsInTheirNamespaces() {
        // No PVC: the data volume is an existing claim. No chart Secret: every secret comes from an existing one.
        assertThat(kindsAndNames(everything.rendered())).containsExactlyInAnyOrder(
                "ConfigMap mle-prod/prod-mle-dojo-config",
                "ConfigMap mle-prod/prod-mle-dojo-env",
                "Deployment mle-prod/prod-mle-dojo",
                "Ingress mle-prod/prod-mle-dojo",
                "LocalQueue mle-episodes/mle-dojo",
                "NetworkPolicy mle-episodes/prod-mle-dojo-runner",
                "NetworkPolicy mle-prod/prod-mle-dojo-platform",
                "PodDisruptionBudget mle-prod/prod-mle-dojo",
                "Role mle-episodes/prod-mle-dojo-episodes",
                "RoleBinding mle-episodes/prod-mle-dojo-episodes",
                "Service mle-prod/prod-mle-dojo",
                "ServiceAccount mle-episodes/prod-mle-dojo-runner",
                "ServiceAccount mle-prod/prod-mle-dojo",
                "ServiceMonitor mle-prod/prod-mle-dojo");
    }

    @ParameterizedTest
    @MethodSource("installs")
    void everyDocumentParsesIntoFabric8TypesWithoutUnknownFields(Install install) {
        for (HasMetadata object : install.rendered()) {
            boolean customResource = object.getApiVersion().startsWith("kueue.x-k8s.io/")
                    || object.getApiVersion().startsWith("monitoring.coreos.com/");
            if (customResource) {
                // Fabric8 has no model for these; they are checked field by field in their own tests.
                assertThat(object).isInstanceOf(GenericKubernetesResource.class);
                continue;
            }
            assertThat(object).as("%s is parsed into its own model class", object.getKind())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(object.getClass().getSimpleName()).isEqualTo(object.getKind());
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(object, object.getKind() + " " + object.getMetadata().getName(), unknown);
            assertThat(unknown).as("fields the Kubernetes API does not know (misspelt or misplaced)").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void renderedObjectsApplyToTheMockServerAndReadBackUnchanged(Install install) {
        assertThat(install.stored()).hasSameSizeAs(install.rendered());
        for (HasMetadata object : install.rendered()) {
            HasMetadata back = install.stored().get(key(object.getKind(), object.getMetadata().getName()));
            assertThat(back).as("%s %s", object.getKind(), object.getMetadata().getName()).isNotNull();
            assertThat(back.getMetadata().getUid()).as("assigned by the server").isNotBlank();
            assertThat(back.getMetadata().getNamespace()).isEqualTo(object.getMetadata().getNamespace());
            assertThat(back.getMetadata().getLabels()).isEqualTo(object.getMetadata().getLabels());
            assertThat(withoutMetadata(back)).isEqualTo(withoutMetadata(object));
        }
    }

    // ---- security ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("installs")
    void runnerNetworkPolicyAllowsNoIngressAndEgressOnlyToThePlatformAndDns(Install install) {
        NetworkPolicy policy = install.get(NetworkPolicy.class, install.fullname() + "-runner");

        assertThat(policy.getMetadata().getNamespace()).isEqualTo(install.episodesNamespace());
        // The labels the platform puts on its episode pods.
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsExactly(
                entry("app.kubernetes.io/managed-by", "mle-dojo"),
                entry("app.kubernetes.io/instance", install.release()));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).as("no ingress rule: nothing may connect").isEmpty();

        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).hasSize(2);

        NetworkPolicyEgressRule toPlatform = egress.get(0);
        assertThat(toPlatform.getTo()).hasSize(1);
        NetworkPolicyPeer platform = toPlatform.getTo().get(0);
        assertThat(platform.getIpBlock()).isNull();
        assertThat(platform.getNamespaceSelector().getMatchLabels())
                .containsExactly(entry("kubernetes.io/metadata.name", install.namespace()));
        assertThat(platform.getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/name", "mle-dojo",
                "app.kubernetes.io/instance", install.release(),
                "app.kubernetes.io/component", "platform"));
        assertThat(ports(toPlatform.getPorts())).containsExactly("TCP/8080");
        // ...and the pods it names are exactly the Deployment's.
        Deployment deployment = install.get(Deployment.class, install.fullname());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(platform.getPodSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));

        NetworkPolicyEgressRule toDns = egress.get(1);
        assertThat(toDns.getTo()).hasSize(1);
        assertThat(toDns.getTo().get(0).getIpBlock()).isNull();
        assertThat(toDns.getTo().get(0).getNamespaceSelector().getMatchLabels())
                .containsExactly(entry("kubernetes.io/metadata.name", "kube-system"));
        assertThat(toDns.getTo().get(0).getPodSelector().getMatchLabels())
                .containsExactly(entry("k8s-app", "kube-dns"));
        assertThat(ports(toDns.getPorts())).containsExactlyInAnyOrder("UDP/53", "TCP/53");
    }

    @Test
    void platformNetworkPolicyAdmitsOnlyTheIngressControllerRunnersAndExtraPeers() {
        assertThat(defaults.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getName())
                .containsExactly("dojo-mle-dojo-runner");

        NetworkPolicy policy = everything.get(NetworkPolicy.class, "prod-mle-dojo-platform");

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "platform");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        var rule = policy.getSpec().getIngress().get(0);
        assertThat(ports(rule.getPorts())).containsExactly("TCP/8080");
        assertThat(rule.getFrom()).hasSize(3);
        assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsExactly(entry("kubernetes.io/metadata.name", "ingress-nginx"));
        assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels())
                .containsExactly(entry("app.kubernetes.io/name", "ingress-nginx"));
        assertThat(rule.getFrom().get(1).getNamespaceSelector().getMatchLabels())
                .containsExactly(entry("kubernetes.io/metadata.name", "mle-episodes"));
        assertThat(rule.getFrom().get(1).getPodSelector().getMatchLabels()).containsExactly(
                entry("app.kubernetes.io/managed-by", "mle-dojo"), entry("app.kubernetes.io/instance", "prod"));
        assertThat(rule.getFrom().get(2).getNamespaceSelector().getMatchLabels())
                .containsExactly(entry("kubernetes.io/metadata.name", "monitoring"));
    }

    @ParameterizedTest
    @MethodSource("installs")
    void roleGrantsExactlyTheEpisodeVerbsInTheEpisodesNamespaceAndNothingClusterWide(Install install) {
        Set<String> kinds = install.rendered().stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        assertThat(kinds).doesNotContain("ClusterRole", "ClusterRoleBinding");
        assertThat(install.all(Role.class)).hasSize(1);
        assertThat(install.all(RoleBinding.class)).hasSize(1);

        Role role = install.get(Role.class, install.fullname() + "-episodes");
        assertThat(role.getMetadata().getNamespace()).isEqualTo(install.episodesNamespace());
        Map<String, List<String>> grants = new LinkedHashMap<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    assertThat(grants.put(group + "/" + resource, rule.getVerbs())).as("one rule per resource").isNull();
                }
            }
        }
        assertThat(grants).containsOnly(
                entry("batch/jobs", List.of("create", "get", "list", "watch", "delete", "patch")),
                entry("/pods", List.of("get", "list", "watch")),
                entry("/pods/log", List.of("get")),
                entry("/secrets", List.of("create", "get", "patch", "delete")),
                entry("/events", List.of("list", "watch")));

        RoleBinding binding = install.get(RoleBinding.class, install.fullname() + "-episodes");
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(install.episodesNamespace());
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(install.fullname());
            assertThat(s.getNamespace()).isEqualTo(install.namespace());
        });
        // The platform runs under the bound account.
        assertThat(install.get(Deployment.class, install.fullname()).getSpec().getTemplate().getSpec()
                .getServiceAccountName()).isEqualTo(install.fullname());
    }

    @ParameterizedTest
    @MethodSource("installs")
    void runnerServiceAccountHasNoTokenAndNoBinding(Install install) {
        String runner = install.fullname() + "-runner";
        ServiceAccount account = install.get(ServiceAccount.class, runner);

        assertThat(account.getMetadata().getNamespace()).isEqualTo(install.episodesNamespace());
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
        assertThat(install.all(RoleBinding.class)).flatExtracting(RoleBinding::getSubjects)
                .noneMatch(s -> runner.equals(s.getName()));
        // The launcher is told to use exactly this account.
        assertThat(envConfig(install)).containsEntry("DOJO_KUBERNETES_SERVICE_ACCOUNT", runner);
    }

    @ParameterizedTest
    @MethodSource("installs")
    void platformPodIsRestricted(Install install) {
        PodSpec pod = install.get(Deployment.class, install.fullname()).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(pod.getInitContainers()).isNullOrEmpty();

        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();

        // The read-only root needs a writable /tmp; the data volume is the task data's claim.
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes).containsOnlyKeys("tmp", "data", "config");
        assertThat(volumes.get("tmp").getEmptyDir()).isNotNull();
        assertThat(volumes.values()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("tmp");
            assertThat(m.getMountPath()).isEqualTo("/tmp");
        });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("data");
            assertThat(m.getMountPath()).isEqualTo(envConfig(install).get("DOJO_DATA_DIR"));
        });

        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    // ---- configuration handed to the platform ------------------------------------------------------------------

    @Test
    void defaultConfigurationSetsTheLauncherAndLeavesOptionalSettingsToThePlatform() {
        assertThat(envConfig(defaults)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                entry("DOJO_DATA_DIR", "/var/lib/mle-dojo"),
                // the platform listens on loopback only unless told otherwise; the Service needs the pod's address
                entry("DOJO_HTTP_HOST", "0.0.0.0"),
                entry("DOJO_AUTH_MODE", "builtin"),
                entry("DOJO_LAUNCHER", "kubernetes"),
                entry("DOJO_KUBERNETES_NAMESPACE", "mle"),
                entry("DOJO_KUBERNETES_INSTANCE", "dojo"),
                entry("DOJO_KUBERNETES_RUNNER_IMAGE", "mle-dojo:" + chartAppVersion()),
                entry("DOJO_KUBERNETES_IMAGE_PULL_POLICY", "IfNotPresent"),
                entry("DOJO_KUBERNETES_SERVICE_ACCOUNT", "dojo-mle-dojo-runner"),
                entry("DOJO_KUBERNETES_PLATFORM_URL", "http://dojo-mle-dojo.mle.svc:8080"),
                entry("DOJO_KUBERNETES_CAPACITY", "4")));

        Deployment deployment = defaults.get(Deployment.class, "dojo-mle-dojo");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("mle-dojo:" + chartAppVersion());
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("dojo-mle-dojo-env"));
        // No database configured: the embedded one, which allows one pod at a time on the volume.
        assertThat(container.getEnv()).isNullOrEmpty();
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(properties(defaults)).isEmpty();

        // The URL the runners get is the Service's own address.
        Service service = defaults.get(Service.class, "dojo-mle-dojo");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort()).isEqualTo(new IntOrString("http"));
        });
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void everyOptionReachesThePlatformConfiguration() {
        String image = "registry.example.com/mle-dojo/mle-dojo@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Map<String, String> env = envConfig(everything);
        assertThat(env).doesNotContainKey("DOJO_INSTANCE_ID").containsOnly(
                entry("DOJO_DATA_DIR", "/var/lib/mle-dojo"),
                entry("DOJO_HTTP_HOST", "0.0.0.0"),
                entry("DOJO_AUTH_MODE", "oidc"),
                entry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://keycloak.example.com/realms/mle-dojo"),
                entry("QUARKUS_OIDC_CLIENT_ID", "mle-dojo-web"),
                entry("DOJO_LLM_ALLOWED_BASE_URLS", "https://api.openai.com/v1,https://llm-proxy.example.com/v1"),
                entry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true"),
                entry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true"),
                entry("DOJO_LAUNCHER", "kubernetes"),
                entry("DOJO_KUBERNETES_NAMESPACE", "mle-episodes"),
                entry("DOJO_KUBERNETES_INSTANCE", "prod"),
                entry("DOJO_KUBERNETES_RUNNER_IMAGE", image),
                entry("DOJO_KUBERNETES_IMAGE_PULL_POLICY", "Always"),
                entry("DOJO_KUBERNETES_IMAGE_PULL_SECRETS", "registry-credentials"),
                entry("DOJO_KUBERNETES_SERVICE_ACCOUNT", "prod-mle-dojo-runner"),
                entry("DOJO_KUBERNETES_PLATFORM_URL", "http://prod-mle-dojo.mle-prod.svc:8080"),
                entry("DOJO_KUBERNETES_CAPACITY", "40"),
                entry("DOJO_KUBERNETES_RUNTIME_CLASS_NAME", "gvisor"),
                entry("DOJO_KUBERNETES_GPU_RUNTIME_CLASS_NAME", "nvidia"),
                // Tolerations in kubectl's taint notation: Equal (also the default operator), Exists, no effect.
                entry("DOJO_KUBERNETES_TOLERATIONS", "dedicated=episodes:NoSchedule,cloud.example.com/spot=true,preemptible"),
                entry("DOJO_KUBERNETES_GPU_TOLERATIONS", "nvidia.com/gpu:NoSchedule"),
                entry("DOJO_KUBERNETES_GPU_RESOURCE", "nvidia.com/gpu"),
                entry("DOJO_KUBERNETES_PRIORITY_CLASS_NAME", "mle-dojo-episodes"),
                entry("DOJO_KUBERNETES_QUEUE_NAME", "mle-dojo"),
                entry("DOJO_KUBERNETES_TTL_AFTER_FINISHED", "24h"),
                entry("DOJO_KUBERNETES_START_TIMEOUT", "15m"),
                entry("DOJO_KUBERNETES_EPHEMERAL_STORAGE", "20Gi"),
                entry("DOJO_KUBERNETES_RUNNER_OVERHEAD_MEMORY", "768Mi"));

        // Maps go to config/application.properties, keys quoted as SmallRye reads map keys with dots.
        assertThat(properties(everything)).containsOnly(
                entry("dojo.kubernetes.node-selector.\"node.kubernetes.io/pool\"", "episodes"),
                entry("dojo.kubernetes.gpu-node-selector.\"nvidia.com/gpu.present\"", "true"));

        Deployment deployment = everything.get(Deployment.class, "prod-mle-dojo");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).as("the digest wins over the tag").isEqualTo(image);
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("config");
            assertThat(m.getMountPath()).isEqualTo("/deployments/config");
        });
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("dojo-task-data");
        });
        assertThat(pod.getImagePullSecrets()).singleElement()
                .satisfies(r -> assertThat(r.getName()).isEqualTo("registry-credentials"));
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

        PodDisruptionBudget budget = everything.get(PodDisruptionBudget.class, "prod-mle-dojo");
        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        GenericKubernetesResource queue = (GenericKubernetesResource) everything.stored().get(key("LocalQueue", "mle-dojo"));
        assertThat(queue.getMetadata().getNamespace()).isEqualTo("mle-episodes");
        assertThat(queue.<String>get("spec", "clusterQueue")).isEqualTo("evaluation");

        GenericKubernetesResource monitor = (GenericKubernetesResource) everything.stored()
                .get(key("ServiceMonitor", "prod-mle-dojo"));
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("http");

        var ingress = everything.get(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "prod-mle-dojo");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(t -> {
            assertThat(t.getSecretName()).isEqualTo("dojo-tls");
            assertThat(t.getHosts()).containsExactly("dojo.example.com");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(r -> {
            assertThat(r.getHost()).isEqualTo("dojo.example.com");
            assertThat(r.getHttp().getPaths()).singleElement().satisfies(p -> {
                assertThat(p.getBackend().getService().getName()).isEqualTo("prod-mle-dojo");
                assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
    }

    @Test
    void secretsComeFromExistingSecretsWhenNamed() {
        Container container = everything.get(Deployment.class, "prod-mle-dojo").getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(secretRefs(container)).containsOnly(
                entry("QUARKUS_DATASOURCE_JDBC_URL", "dojo-database/url"),
                entry("QUARKUS_DATASOURCE_USERNAME", "dojo-database/user"),
                entry("QUARKUS_DATASOURCE_PASSWORD", "dojo-database/pass"),
                entry("QUARKUS_OIDC_CREDENTIALS_SECRET", "dojo-oidc/secret"),
                entry("DOJO_ADMIN_PASSWORD", "dojo-builtin-accounts/admin-password"),
                entry("DOJO_DEMO_PASSWORD", "dojo-builtin-accounts/demo-password"),
                entry("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", "dojo-keys/session-encryption-key"),
                entry("DOJO_SECRETS_KEY", "dojo-keys/secrets-key"));
        assertThat(container.getEnv()).filteredOn(e -> e.getValueFrom() == null).extracting(EnvVar::getName)
                .containsExactly("JAVA_OPTS_APPEND");
        assertThat(everything.all(Secret.class)).isEmpty();
    }

    @Test
    void secretValuesGivenToTheChartGoIntoItsOwnSecretAndNeverIntoPlainEnv() {
        List<HasMetadata> objects = parse(render(CHART, "dojo", "mle", t -> t
                .set("database.url", "jdbc:postgresql://db.example.com:5432/dojo")
                .set("database.username", "dojo")
                .set("database.password", "db-pass")
                .set("auth.mode", "oidc")
                .set("auth.oidc.authServerUrl", "https://sso.example.com/realms/dojo")
                .set("auth.oidc.clientSecret", "oidc-pass")
                .set("keys.sessionEncryptionKey", "0123456789abcdef0123")
                .set("keys.secretsKey", "secrets-pass")));
        Secret secret = only(objects, Secret.class);
        Deployment deployment = only(objects, Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(secret.getMetadata().getName()).isEqualTo("dojo-mle-dojo");
        assertThat(decode(secret.getData())).containsOnly(
                entry("jdbc-url", "jdbc:postgresql://db.example.com:5432/dojo"),
                entry("database-username", "dojo"),
                entry("database-password", "db-pass"),
                entry("oidc-client-secret", "oidc-pass"),
                entry("session-encryption-key", "0123456789abcdef0123"),
                entry("secrets-key", "secrets-pass"));
        assertThat(secretRefs(container)).containsOnly(
                entry("QUARKUS_DATASOURCE_JDBC_URL", "dojo-mle-dojo/jdbc-url"),
                entry("QUARKUS_DATASOURCE_USERNAME", "dojo-mle-dojo/database-username"),
                entry("QUARKUS_DATASOURCE_PASSWORD", "dojo-mle-dojo/database-password"),
                entry("QUARKUS_OIDC_CREDENTIALS_SECRET", "dojo-mle-dojo/oidc-client-secret"),
                entry("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", "dojo-mle-dojo/session-encryption-key"),
                entry("DOJO_SECRETS_KEY", "dojo-mle-dojo/secrets-key"));
        String plain = render(CHART, "dojo", "mle", t -> t.set("database.url", "jdbc:postgresql://db/x")
                .set("database.password", "db-pass"));
        assertThat(plain).doesNotContain("db-pass", "jdbc:postgresql://db/x");
        // An external database lifts the one-pod-at-a-time update strategy of the embedded one.
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        // A changed secret rolls the pods.
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/secret"))
                .isNotEqualTo(defaults.get(Deployment.class, "dojo-mle-dojo").getSpec().getTemplate().getMetadata()
                        .getAnnotations().get("checksum/secret"));
    }

    // ---- the chart configures the launcher ------------------------------------------------------------------------

    /**
     * The settings the chart renders (env ConfigMap and properties file) read by the platform's own config mappings:
     * a key the platform does not know, or a value it cannot convert, fails here rather than at a cluster's startup.
     */
    @Test
    void theRenderedSettingsConfigureTheKubernetesLauncher() {
        io.smallrye.config.SmallRyeConfig config = new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.EnvConfigSource(envConfig(everything), 300))
                .withSources(new io.smallrye.config.PropertiesConfigSource(properties(everything), "chart", 260))
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(KubernetesConfig.class).withMapping(dev.mledojo.episode.LaunchConfig.class)
                .withValidateUnknown(true).build();
        dev.mledojo.episode.LaunchConfig launch = config.getConfigMapping(dev.mledojo.episode.LaunchConfig.class);
        assertThat(launch.launcher()).isEqualTo(KubernetesLauncher.NAME);
        KubernetesConfig kubernetes = config.getConfigMapping(KubernetesConfig.class);
        KubernetesSettings settings = new KubernetesLauncher(kubernetes, launch, null).settings();
        assertThat(settings.namespace()).isEqualTo("mle-episodes");
        assertThat(settings.instance()).isEqualTo("prod");
        assertThat(settings.runnerImage()).isEqualTo(envConfig(everything).get("DOJO_KUBERNETES_RUNNER_IMAGE"));
        assertThat(settings.platformUrl()).startsWith("http://").contains(".mle-prod.svc:");
        assertThat(kubernetes.capacity()).isEqualTo(40);
        assertThat(settings.runtimeClassName()).isEqualTo("gvisor");
        assertThat(settings.gpuRuntimeClassName()).isEqualTo("nvidia");
        assertThat(settings.nodeSelector()).containsExactly(Map.entry("node.kubernetes.io/pool", "episodes"));
        assertThat(settings.gpuNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.present", "true"));
        assertThat(settings.tolerations()).extracting(t -> t.getKey() + "/" + t.getOperator() + "/" + t.getValue() + "/"
                + t.getEffect()).containsExactly("dedicated/Equal/episodes/NoSchedule",
                        "cloud.example.com/spot/Equal/true/null", "preemptible/Exists/null/null");
        assertThat(settings.gpuTolerations()).extracting(t -> t.getKey() + "/" + t.getEffect())
                .containsExactly("nvidia.com/gpu/NoSchedule");
        assertThat(settings.priorityClassName()).isEqualTo("mle-dojo-episodes");
        assertThat(settings.queueName()).isEqualTo("mle-dojo");
        assertThat(settings.ephemeralStorage()).isEqualTo("20Gi");
        assertThat(settings.runnerOverheadMemoryBytes()).isEqualTo(768L << 20);
        assertThat(settings.ttlAfterFinished()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(settings.startTimeout()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(settings.serviceAccount()).isEqualTo(envConfig(everything).get("DOJO_KUBERNETES_SERVICE_ACCOUNT"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static Install install(String name, String release, String namespace, String episodesNamespace,
            UnaryOperator<TemplateCommand> options) {
        List<HasMetadata> rendered = parse(render(CHART, release, namespace, options));
        Map<String, HasMetadata> stored = new LinkedHashMap<>();
        for (HasMetadata object : rendered) {
            HasMetadata created = create(object);
            // Read back what the server holds, not what the create call returned.
            HasMetadata back = read(created);
            stored.put(key(object.getKind(), object.getMetadata().getName()), back);
        }
        return new Install(name, release, namespace, episodesNamespace, rendered, stored);
    }

    static HasMetadata create(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        if (object instanceof GenericKubernetesResource generic) {
            return client.genericKubernetesResources(context(generic)).inNamespace(namespace).resource(generic).create();
        }
        return client.resource(object).inNamespace(namespace).create();
    }

    static HasMetadata read(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        if (object instanceof GenericKubernetesResource generic) {
            return client.genericKubernetesResources(context(generic)).inNamespace(namespace).withName(name).get();
        }
        return client.resources(object.getClass()).inNamespace(namespace).withName(name).get();
    }

    static CustomResourceDefinitionContext context(GenericKubernetesResource resource) {
        return switch (resource.getKind()) {
            case "LocalQueue" -> LOCAL_QUEUE;
            case "ServiceMonitor" -> SERVICE_MONITOR;
            default -> throw new AssertionError("unexpected custom resource " + resource.getKind());
        };
    }

    static String render(Path chart, String release, String namespace, UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(chart).template().withName(release).withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION)).call();
    }

    static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            boolean onlyComments = document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"));
            if (onlyComments) {
                continue;
            }
            KubernetesResource resource = SERIALIZATION.unmarshal(document, KubernetesResource.class);
            assertThat(resource).as("document:%n%s", document).isInstanceOf(HasMetadata.class);
            objects.add((HasMetadata) resource);
        }
        return objects;
    }

    static String key(String kind, String name) {
        return kind + "/" + name;
    }

    static List<String> kindsAndNames(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName()).toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static Map<String, String> envConfig(Install install) {
        return install.get(ConfigMap.class, install.fullname() + "-env").getData();
    }

    static Map<String, String> properties(Install install) {
        String file = install.get(ConfigMap.class, install.fullname() + "-config").getData()
                .get("application.properties");
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    static Map<String, String> secretRefs(Container container) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                refs.put(env.getName(), ref.getName() + "/" + ref.getKey());
            }
        }
        return refs;
    }

    static Map<String, String> decode(Map<String, String> data) {
        Map<String, String> decoded = new HashMap<>();
        data.forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return decoded;
    }

    static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutMetadata(HasMetadata object) {
        Map<String, Object> map = SERIALIZATION.convertValue(object, Map.class);
        map.remove("metadata");
        return map;
    }

    static String chartAppVersion() {
        try {
            return Files.readAllLines(CHART.resolve("Chart.yaml")).stream()
                    .filter(l -> l.startsWith("appVersion:"))
                    .map(l -> l.substring("appVersion:".length()).trim().replace("\"", ""))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copyChart(Path target) throws IOException {
        Path copy = target.resolve("mle-dojo");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path destination = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((k, v) -> {
            if (v instanceof Map && merged.get(k) instanceof Map) {
                merged.put(k, merge((Map<String, Object>) merged.get(k), (Map<String, Object>) v));
            } else {
                merged.put(k, v);
            }
        });
        return merged;
    }

    /**
     * Walks a Fabric8 model and lists every field that landed in an {@code additionalProperties} map: a field
     * the Kubernetes API does not define at that place (a typo such as {@code readOnlyRootFileSystem}, or a key
     * indented one level off), or a value of the wrong type.
     */
    static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "[" + k + "]", unknown));
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        Set<String> seen = new TreeSet<>();
        for (Method getter : node.getClass().getMethods()) {
            boolean isGetter = getter.getParameterCount() == 0 && getter.getName().startsWith("get")
                    && !Modifier.isStatic(getter.getModifiers()) && getter.getDeclaringClass() != Object.class;
            if (!isGetter || !seen.add(getter.getName())) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new AssertionError(path + "." + getter.getName() + " failed", e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }
}
