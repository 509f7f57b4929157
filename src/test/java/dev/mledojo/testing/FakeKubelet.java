package dev.mledojo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Plays the Job controller and the kubelet against a Fabric8 CRUD mock server: for every new Job of the namespace it
 * creates the Pod, writes the token Secret's file, runs the init and main containers as LOCAL processes (the packaged
 * jar in the roles their env names, with /data, /workspace and /tmp mapped to folders of its own) and writes Pod and
 * Job status as they end, as a cluster would: Complete, Failed, OOMKilled, DeadlineExceeded, the log tail as the
 * termination message (FallbackToLogsOnError). A deleted Job's processes are killed.
 */
public final class FakeKubelet implements AutoCloseable {

    /** What happens to the runner of a Job. */
    public enum Fate {
        /** It runs to its end. */
        RUN,
        /** Killed while its agent's code runs, as the kernel's OOM killer would: OOMKilled, exit 137. */
        OOM,
        /** Killed while its agent's code runs, as activeDeadlineSeconds would: Job DeadlineExceeded. */
        DEADLINE
    }

    /** A fate and the run of the agent's code (1-based) during which it strikes. */
    public record Doom(Fate fate, int atRun) {
    }

    /**
     * The interpreter of the runners' agent code: the kubelet's mounts (the code's /data and /workspace are the Job's
     * folders, named by DOJO_DATA and DOJO_WORKSPACE), a marker per run ({@code runs/<n>}), and holds: a run waits
     * while {@code hold-<n>} exists in its Job's folder or {@code hold-all} in the kubelet's.
     */
    static final String PYTHON = """
            #!/bin/sh
            export BASELINE_DATA_DIR="$DOJO_DATA" BASELINE_WORKSPACE_DIR="$DOJO_WORKSPACE"
            for last in "$@"; do :; done
            if [ "$last" = "-" ]; then  # agent code on stdin: "python3 -" or the sandbox's launcher "python3 -c ... -" 
              job="$(dirname "$DOJO_WORKSPACE")"
              mkdir -p "$job/runs"
              n=$(( $(ls "$job/runs" | wc -l) + 1 ))
              : > "$job/runs/$n"
              while [ -e "$job/hold-$n" ] || [ -e "$job/../hold-all" ]; do sleep 0.05; done
            fi
            exec /usr/bin/python3 "$@"
            """;

    private final KubernetesClient client;
    private final String namespace;
    private final Path root;
    private final Path jar;
    private final ExecutorService pods = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Doom> fates = new ConcurrentHashMap<>();
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Jobs deleted while their pod ran. */
    public final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Per Job, the files its init container left in /data. */
    public final Map<String, List<String>> dataFiles = new ConcurrentHashMap<>();
    /** Per Job, how its runner ended (exit code), once it did. */
    public final Map<String, Integer> exits = new ConcurrentHashMap<>();
    private Path python;
    private SharedIndexInformer<Job> informer;

    public FakeKubelet(KubernetesClient client, String namespace, Path root, Path jar) {
        this.client = client;
        this.namespace = namespace;
        this.root = root;
        this.jar = jar;
    }

    /** The fate of the next Job of a task (by its {@code mledojo.dev/task} label); Jobs run to their end by default. */
    public void fate(String task, Fate fate, int atRun) {
        fates.put(task, new Doom(fate, atRun));
    }

    /** Holds every run of agent code that starts from now until {@link #release()}. */
    public void holdAll() throws IOException {
        Files.writeString(root.resolve("hold-all"), "");
    }

    public void release() throws IOException {
        Files.deleteIfExists(root.resolve("hold-all"));
    }

    /** Whether a run of agent code has started in Job {@code job} (e.g. one held by {@link #holdAll()}). */
    public boolean runStarted(String job) {
        return Files.exists(root.resolve(job).resolve("runs").resolve("1"));
    }

    public void start() throws IOException {
        Files.createDirectories(root);
        python = root.resolve("python3");
        Files.writeString(python, PYTHON);
        python.toFile().setExecutable(true, false);
        informer = client.batch().v1().jobs().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (seen.add(job.getMetadata().getName()) && !Boolean.TRUE.equals(job.getSpec().getSuspend())) {
                    pods.submit(() -> run(job));
                }
            }

            @Override
            public void onUpdate(Job old, Job job) {
                onAdd(job);
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                String name = job.getMetadata().getName();
                Process p = running.remove(name);
                if (p != null) {
                    deleted.add(name);
                    kill(p);
                }
            }
        }, 0);
    }

    /** Whether a runner or fetcher process is still running. */
    public int runningProcesses() {
        return (int) running.values().stream().filter(Process::isAlive).count();
    }

    private void run(Job job) {
        String name = job.getMetadata().getName();
        try {
            runPod(job);
        } catch (Exception e) {
            System.err.println("fake kubelet: Job " + name + " failed in the test helper: " + e);
            e.printStackTrace();
        } finally {
            running.remove(name);
        }
    }

    private void runPod(Job job) throws Exception {
        String name = job.getMetadata().getName();
        Map<String, String> labels = new java.util.LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("batch.kubernetes.io/job-name", name);
        labels.put("job-name", name);
        Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name + "-" + UUID.randomUUID().toString().substring(0, 5))
                .withNamespace(namespace).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(name).withUid(job.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").endStatus().build()).create();
        String podName = pod.getMetadata().getName();
        String podUid = pod.getMetadata().getUid();
        Path dir = Files.createDirectories(root.resolve(name));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path token = dir.resolve("token");
        Doom planned = fates.remove(labels.getOrDefault("mledojo.dev/task", "")); // one Job each
        if (planned != null && planned.fate() != Fate.RUN) {
            Files.writeString(dir.resolve("hold-" + planned.atRun()), ""); // that run waits for its fate
        }
        Files.writeString(token, tokenOf(job), StandardCharsets.UTF_8);

        Container init = job.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        Path initLog = dir.resolve(init.getName() + ".log");
        Process fetch = start(name, init, podUid, dir, data, workspace, tmp, token, initLog);
        int initExit = fetch.waitFor();
        try (Stream<Path> files = Files.walk(data)) {
            dataFiles.put(name, files.filter(Files::isRegularFile).map(p -> data.relativize(p).toString()).sorted().toList());
        }
        if (initExit != 0) {
            String message = terminationMessage(dir, initLog);
            pod(podName, p -> {
                p.getStatus().setPhase("Failed");
                p.getStatus().setInitContainerStatuses(List.of(terminated(init.getName(), initExit, "Error", message)));
            });
            jobFailed(name, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
            return;
        }
        if (deleted.contains(name)) {
            return;
        }
        Container main = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Path mainLog = dir.resolve(main.getName() + ".log");
        Process runner = start(name, main, podUid, dir, data, workspace, tmp, token, mainLog);
        pod(podName, p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setInitContainerStatuses(List.of(terminated(init.getName(), 0, "Completed", null)));
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(main.getName())
                    .withReady(true).withState(new ContainerStateBuilder().withNewRunning()
                            .withStartedAt(Instant.now().toString()).endRunning().build()).build()));
        });
        Doom doom = planned != null ? planned : new Doom(Fate.RUN, 0);
        Fate fate = doom.fate();
        if (fate != Fate.RUN) {
            Path started = dir.resolve("runs").resolve(Integer.toString(doom.atRun()));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(5))
                    .until(() -> !runner.isAlive() || Files.exists(started));
            kill(runner);
        }
        int exit = runner.waitFor();
        exits.put(name, exit);
        if (deleted.contains(name)) {
            return; // the Job is gone: nothing to report on
        }
        if (fate == Fate.OOM) {
            pod(podName, p -> {
                p.getStatus().setPhase("Failed");
                p.getStatus().setContainerStatuses(List.of(terminated(main.getName(), 137, "OOMKilled", null)));
            });
            jobFailed(name, "PodFailurePolicy", "Container runner was terminated by OOMKilled");
        } else if (fate == Fate.DEADLINE) {
            // the Job controller marks the Job first, then kills its pod
            jobFailed(name, "DeadlineExceeded", "Job was active longer than specified deadline");
            pod(podName, p -> {
                p.getStatus().setPhase("Failed");
                p.getStatus().setContainerStatuses(List.of(terminated(main.getName(), 143, "Error", null)));
            });
        } else {
            String message = exit == 0 ? null : terminationMessage(dir, mainLog);
            pod(podName, p -> {
                p.getStatus().setPhase(exit == 0 ? "Succeeded" : "Failed");
                p.getStatus().setContainerStatuses(List.of(terminated(main.getName(), exit,
                        exit == 0 ? "Completed" : "Error", message)));
            });
            if (exit == 0) {
                job(name, j -> {
                    j.getStatus().setSucceeded(1);
                    j.getStatus().setCompletionTime(Instant.now().toString());
                    j.getStatus().setConditions(List.of(new JobConditionBuilder().withType("Complete")
                            .withStatus("True").build()));
                });
            } else {
                jobFailed(name, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
            }
        }
    }

    private Process start(String job, Container c, String podUid, Path dir, Path data, Path workspace, Path tmp,
            Path token, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DOJO_") || k.startsWith("QUARKUS_"));
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            } else if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
                env.put(v.getName(), podUid); // metadata.uid is the only field the spec refers to
            } else if (v.getValueFrom() != null && v.getValueFrom().getResourceFieldRef() != null) {
                Quantity memory = c.getResources().getLimits().get("memory");
                env.put(v.getName(), Quantity.getAmountInBytes(memory).toBigInteger().toString());
            }
        }
        // the pod's mounts, mapped to this Job's folders
        env.put("DOJO_EPISODE_TOKEN_FILE", token.toString());
        env.put("DOJO_DATA_DIR", data.toString());
        env.put("DOJO_WORKSPACE", workspace.toString());
        env.put("DOJO_TERMINATION_LOG", dir.resolve(c.getName() + ".termination").toString());
        env.put("DOJO_HEARTBEAT_SECONDS", "2");
        env.put("JAVA_TOOL_OPTIONS", env.getOrDefault("JAVA_TOOL_OPTIONS", "") + " -Djava.io.tmpdir=" + tmp);
        env.put("DOJO_PYTHON", python.toString());
        Process p = pb.start();
        running.put(job, p);
        return p;
    }

    private String tokenOf(Job job) {
        Volume volume = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
        return new String(Base64.getDecoder().decode(secret.getData().values().iterator().next()), StandardCharsets.UTF_8);
    }

    /** The termination log, else the last 2 KiB of the container's output (FallbackToLogsOnError). */
    private static String terminationMessage(Path dir, Path log) throws IOException {
        Path termination = Path.of(log.toString().replace(".log", ".termination"));
        if (Files.exists(termination) && Files.size(termination) > 0) {
            return Files.readString(termination);
        }
        String all = Files.exists(log) ? Files.readString(log) : "";
        return all.length() <= 2048 ? all : all.substring(all.length() - 2048);
    }

    private static ContainerStatus terminated(String name, int exit, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withState(new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exit).withReason(reason).withMessage(message).withFinishedAt(Instant.now().toString())
                .endTerminated().build()).build();
    }

    private void pod(String name, java.util.function.Consumer<Pod> change) {
        try {
            client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
                change.accept(p);
                return p;
            });
        } catch (KubernetesClientException e) {
            // deleted meanwhile
        }
    }

    private void job(String name, java.util.function.Consumer<Job> change) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
                if (j.getStatus() == null) {
                    j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
                }
                change.accept(j);
                return j;
            });
        } catch (KubernetesClientException e) {
            // deleted meanwhile
        }
    }

    private void jobFailed(String name, String reason, String message) {
        job(name, j -> {
            j.getStatus().setFailed(1);
            j.getStatus().setConditions(List.of(new JobConditionBuilder().withType("Failed").withStatus("True")
                    .withReason(reason).withMessage(message).build()));
        });
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** True when no process it started still runs. */
    public boolean idle() {
        return running.values().stream().noneMatch(Process::isAlive);
    }

    /** Processes matching {@code filter} among those it started (for assertions). */
    public long processes(Predicate<Process> filter) {
        return running.values().stream().filter(filter).count();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        running.values().forEach(FakeKubelet::kill);
        pods.shutdownNow();
        try {
            pods.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
