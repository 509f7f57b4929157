package dev.mledojo.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mledojo.testing.DatabaseTestResource;
import dev.mledojo.testing.FakeKubelet;
import dev.mledojo.testing.PackagedPlatform;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * End to end through Kubernetes Jobs without a cluster: the packaged platform with {@code dojo.launcher=kubernetes}
 * talks to a Fabric8 CRUD mock server, and a {@link FakeKubelet} runs each Job's containers as local processes (the
 * packaged jar in its {@code fetch-data} and {@code runner} roles, with the token from the Job's Secret). The runner
 * runs the agent's code in its "pod", uploads submissions and reports steps; the platform grades them.
 */
class KubernetesJobsIT {

    static final String NAMESPACE = "episodes";
    static final String JOBS = "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs";
    static final String SELECTOR = "labelSelector=app.kubernetes.io%2Finstance%3Ddojo-it%2Capp.kubernetes.io%2Fmanaged-by%3Dmle-dojo";
    static final String WATCH = "allowWatchBookmarks=true&" + SELECTOR + "&resourceVersion=0&timeoutSeconds=600&watch=true";
    static final List<String> TASKS = List.of("practice-tabular-binary", "practice-tabular-regression");

    static KubernetesServer server;
    static KubernetesClient client;
    static DatabaseTestResource database;
    static Map<String, String> db;
    static PackagedPlatform app;
    static FakeKubelet kubelet;
    static Path work;

    @BeforeAll
    static void start() throws IOException {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        client = server.getClient();
        // the platform's first watch of its Jobs is broken at once with 410 Gone (as after an etcd compaction)
        server.expect().get().withPath(JOBS + "?" + WATCH).andUpgradeToWebSocket().open()
                .waitFor(200).andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Expired")
                        .withMessage("too old resource version: 0 (1)").build(), "ERROR"))
                .done().once();
        database = new DatabaseTestResource();
        db = database.start();
        work = Files.createTempDirectory("dojo-kubelet");
        app = new PackagedPlatform("platform", Path.of("target/kubernetes-it/platform.log").toAbsolutePath());
        Path jar = Path.of(System.getProperty("dojo.it.app-jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        kubelet = new FakeKubelet(client, NAMESPACE, work, jar);
        kubelet.start();
        launch();
    }

    static void launch() throws IOException {
        Map<String, String> props = new HashMap<>(db);
        props.put("dojo.demo.enabled", "false");
        props.put("dojo.launcher", "kubernetes");
        props.put("dojo.kubernetes.namespace", NAMESPACE);
        props.put("dojo.kubernetes.instance", "dojo-it");
        props.put("dojo.kubernetes.runner-image", "mle-dojo:it");
        props.put("dojo.kubernetes.platform-url", app.url);
        props.put("dojo.kubernetes.capacity", "4");
        props.put("dojo.agents.external-processes", "true");
        props.put("quarkus.kubernetes-client.api-server-url", client.getMasterUrl().toString());
        props.put("quarkus.kubernetes-client.trust-certs", "true");
        props.put("quarkus.kubernetes-client.namespace", NAMESPACE);
        props.put("kubernetes.auth.tryKubeConfig", "false");
        props.put("kubernetes.auth.tryServiceAccount", "false");
        app.start(props);
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (app != null) {
            app.stop();
        }
        if (database != null) {
            database.stop();
        }
        if (server != null) {
            server.after();
        }
    }

    static String agent(String url, String kind, Map<String, Object> config) {
        String name = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", kind, "config", config)).post(url + "/api/v1/agents").then()
                .statusCode(201);
        return name;
    }

    static long submit(String url, String agent, List<String> tasks, Map<String, Object> budget) {
        return given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", agent, "suite", Map.of("tasks", tasks), "budget", budget))
                .post(url + "/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static JsonPath submission(String url, long id) {
        return given().auth().preemptive().basic("demo", "demo").get(url + "/api/v1/submissions/" + id).then()
                .statusCode(200).extract().jsonPath();
    }

    static JsonPath finished(String url, long id) {
        await().atMost(Duration.ofMinutes(8)).until(() -> submission(url, id).getDouble("progress") == 1.0);
        return submission(url, id);
    }

    static Map<String, Double> humanRanks(JsonPath s) {
        Map<String, Double> ranks = new HashMap<>();
        List<Map<String, Object>> episodes = s.getList("episodes");
        for (Map<String, Object> e : episodes) {
            assertThat(e.get("state")).as(s.prettify()).isEqualTo("finished");
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) e.get("result");
            ranks.put((String) e.get("task"), ((Number) result.get("humanRank")).doubleValue());
        }
        return ranks;
    }

    static String copySample(String file) {
        return "import os, shutil\\nshutil.copy(os.path.join(os.environ.get('DOJO_DATA', '/data'), "
                + "'sample_submission.csv'), '" + file + "')";
    }

    static Map<String, Object> reply(String content) {
        return Map.of("content", content, "prompt_tokens", 100, "completion_tokens", 10);
    }

    @Test
    void sklearnOnTwoPracticeTasksFinishesThroughJobsWithTheHumanRankOfTheLocalLauncher() throws Exception {
        // the reference: the same agent on the embedded default (local launcher, bubblewrap sandbox)
        Map<String, Double> local;
        DatabaseTestResource localDb = new DatabaseTestResource();
        PackagedPlatform reference = new PackagedPlatform("local", Path.of("target/kubernetes-it/local.log").toAbsolutePath());
        try {
            Map<String, String> props = new HashMap<>(localDb.start());
            props.put("dojo.demo.enabled", "false");
            reference.start(props);
            String agent = agent(reference.url, "baseline", Map.of("baseline", "sklearn"));
            local = humanRanks(finished(reference.url, submit(reference.url, agent, TASKS, Map.of())));
        } finally {
            reference.stop();
            localDb.stop();
        }

        String agent = agent(app.url, "baseline", Map.of("baseline", "sklearn"));
        long id = submit(app.url, agent, TASKS, Map.of());
        JsonPath done = finished(app.url, id);
        assertThat(humanRanks(done)).isEqualTo(local).hasSize(2);
        assertThat(done.getList("episodes.result.valid")).containsOnly(true);
        assertThat(done.getList("episodes.attempt")).containsOnly(1); // no retry: each ran once, in its Job
        for (String episode : done.<String>getList("episodes.id")) {
            String job = JobNames.job(episode);
            await().atMost(Duration.ofMinutes(1)).until(() -> kubelet.exits.get(job) != null);
            assertThat(kubelet.exits.get(job)).as("the runner of " + job + " exits 0").isEqualTo(0);
            assertThat(kubelet.dataFiles.get(job)).as("what the init container fetched for " + job)
                    .contains("sample_submission.csv", "train.csv", "test.csv")
                    .noneMatch(f -> f.contains("answers") || f.contains("private"));
            JsonPath history = given().auth().preemptive().basic("demo", "demo")
                    .get(app.url + "/api/v1/episodes/" + episode + "/history").then().statusCode(200).extract().jsonPath();
            assertThat(history.getList("steps.action")).containsExactly("execute_code");
            assertThat(history.getString("steps[0].status")).isEqualTo("success");
        }
        // a closed episode's token Secret is removed; its completed Job stays (with its pod's logs) until its TTL
        await().atMost(Duration.ofMinutes(1)).until(() -> done.<String>getList("episodes.id").stream().allMatch(e ->
                client.secrets().inNamespace(NAMESPACE).withName(JobNames.tokenSecret(e)).get() == null));
        for (String episode : done.<String>getList("episodes.id")) {
            Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(JobNames.job(episode)).get();
            assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
        }
    }

    @Test
    void aWatchBrokenWith410GoneIsRecoveredByARelistAndEventsKeepArriving() throws Exception {
        List<String> requests = new java.util.ArrayList<>();
        for (RecordedRequest r; (r = server.getKubernetesMockServer().takeRequest(1, java.util.concurrent.TimeUnit.SECONDS))
                != null; ) {
            requests.add(r.getMethod() + " " + r.getPath());
        }
        int broken = requests.indexOf("GET " + JOBS + "?" + WATCH);
        assertThat(broken).as("the platform's first watch of its Jobs (scripted to fail with 410)").isNotNegative();
        assertThat(requests.subList(broken + 1, requests.size())).as("a relist of the Jobs after the 410, then a watch")
                .anyMatch(r -> r.startsWith("GET " + JOBS + "?" + SELECTOR) && !r.contains("watch=true"))
                .anyMatch(r -> r.startsWith("GET " + JOBS + "?allowWatchBookmarks=true&" + SELECTOR) && r.contains("watch=true"));
        // and the informer still delivers: a Job's failure moves its episode (here: the runner "OOM-killed")
        String task = "practice-timeseries-forecasting";
        kubelet.fate(task, FakeKubelet.Fate.OOM, 1);
        String agent = agent(app.url, "baseline", Map.of("baseline", "sample_submission"));
        JsonPath done = finished(app.url, submit(app.url, agent, List.of(task), Map.of()));
        assertThat(done.getString("episodes[0].endReason")).as(done.prettify()).contains("memory_limit");
    }

    /** An agent program: one info request, one execute_code through its environment URL, then it exits. */
    static final String PROGRAM = """
            import json, os, urllib.request
            def step(action, params):
                req = urllib.request.Request(os.environ['DOJO_ENV_URL'] + '/step', method='POST',
                    data=json.dumps({'action': action, 'params': params}).encode(),
                    headers={'Authorization': 'Bearer ' + os.environ['DOJO_EPISODE_TOKEN'],
                             'Content-Type': 'application/json'})
                with urllib.request.urlopen(req) as r:
                    return json.load(r)
            info = step('request_info', {'info_type': 'overview'})
            assert info['observation']['status'] == 'success', info
            code = ("import os, shutil\\nshutil.copy(os.path.join(os.environ.get('DOJO_DATA', '/data'), "
                    "'sample_submission.csv'), 'submission.csv')")
            out = step('execute_code', {'code': code})
            print('execute_code:', out['observation']['status'], out['observation']['result']['submission']['valid'])
            """;

    @Test
    void anExternalAgentProgramRunsInThePodAndItsCodeRunsThereToo() throws Exception {
        Path program = work.resolve("agent-program.py");
        Files.writeString(program, PROGRAM);
        // an admin allows demo to register external programs (they run in the episode's pod here)
        given().auth().preemptive().basic("demo", "demo").get(app.url + "/api/v1/agents").then().statusCode(200);
        given().auth().preemptive().basic("admin", "admin").put(app.url + "/api/v1/admin/users/demo/external-agents")
                .then().statusCode(200);
        String agent = agent(app.url, "external", Map.of("command", List.of("/usr/bin/python3", program.toString())));
        String task = "practice-text-classification";
        JsonPath done = finished(app.url, submit(app.url, agent, List.of(task), Map.of()));
        assertThat(done.getString("episodes[0].state")).as(done.prettify()).isEqualTo("finished");
        assertThat(done.getBoolean("episodes[0].result.valid")).isTrue();
        String episode = done.getString("episodes[0].id");
        JsonPath history = given().auth().preemptive().basic("demo", "demo")
                .get(app.url + "/api/v1/episodes/" + episode + "/history").then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("steps.action")).containsExactly("request_info", "execute_code");
        assertThat(kubelet.runStarted(JobNames.job(episode))).as("the program's code ran in its pod").isTrue();
    }

    @Test
    void aRunnerKilledForMemoryEndsTheEpisodeWithMemoryLimit() {
        String task = "practice-text-classification";
        kubelet.fate(task, FakeKubelet.Fate.OOM, 1);
        String agent = agent(app.url, "baseline", Map.of("baseline", "sample_submission"));
        JsonPath done = finished(app.url, submit(app.url, agent, List.of(task), Map.of()));
        assertThat(done.getString("episodes[0].state")).as(done.prettify()).isEqualTo("failed");
        assertThat(done.getString("episodes[0].endReason")).contains("memory_limit");
        assertThat(done.getList("episodes")).hasSize(1); // not the platform's fault: no retry
    }

    @Test
    void theClustersDeadlineEndsTheEpisodeWithItsBestSubmissionAndTheScaffoldReachesItsModelThroughTheGateway() {
        String task = "practice-timeseries-forecasting";
        kubelet.fate(task, FakeKubelet.Fate.DEADLINE, 2);
        Map<String, Object> config = new HashMap<>();
        config.put("provider", "replay");
        config.put("model", "recorded-model");
        config.put("replay", List.of(
                reply("{\"action\": \"execute_code\", \"params\": {\"code\": \"" + copySample("submission.csv") + "\"}}"),
                reply("{\"action\": \"execute_code\", \"params\": {\"code\": \"import time\\ntime.sleep(3600)\"}}"),
                reply("{\"action\": \"done\"}")));
        String agent = agent(app.url, "scaffold", config);
        JsonPath done = finished(app.url, submit(app.url, agent, List.of(task), Map.of("max_steps", 5)));
        assertThat(done.getString("episodes[0].state")).as(done.prettify()).isEqualTo("finished");
        assertThat(done.getString("episodes[0].endReason")).contains("wall-time limit enforced by the cluster");
        assertThat(done.getBoolean("episodes[0].result.valid")).isTrue();
        assertThat(done.getInt("episodes[0].result.submission")).isEqualTo(1);
        String episode = done.getString("episodes[0].id");
        List<Map<String, Object>> trajectory = given().auth().preemptive().basic("demo", "demo")
                .get(app.url + "/api/v1/episodes/" + episode + "/export/agent_trajectory.json").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(trajectory).anyMatch(m -> "assistant".equals(m.get("role"))
                && String.valueOf(m.get("content")).contains("sample_submission.csv"));
    }

    @Test
    void theTreeSearchScaffoldRunsInThePodThroughTheGateway() {
        String task = "practice-tabular-regression";
        String program = "```python\n" + copySample("submission.csv").replace("\\n", "\n") + "\n```";
        Map<String, Object> config = new HashMap<>();
        config.put("provider", "replay");
        config.put("model", "recorded-model");
        config.put("scaffold", "tree");
        config.put("drafts", 1);
        config.put("replay", List.of(reply("Draft: the sample submission.\n\n" + program),
                reply("Improve: the same, to check the loop.\n\n" + program)));
        String agent = agent(app.url, "scaffold", config);
        JsonPath done = finished(app.url, submit(app.url, agent, List.of(task), Map.of("max_steps", 3)));
        assertThat(done.getString("episodes[0].state")).as(done.prettify()).isEqualTo("finished");
        assertThat(done.getBoolean("episodes[0].result.valid")).isTrue();
        assertThat(done.getInt("episodes[0].result.steps")).isEqualTo(3);
        assertThat(done.getInt("episodes[0].result.submissions")).isEqualTo(2);
        String episode = done.getString("episodes[0].id");
        JsonPath history = given().auth().preemptive().basic("demo", "demo")
                .get(app.url + "/api/v1/episodes/" + episode + "/export/env_history.json").then().statusCode(200)
                .extract().jsonPath();
        assertThat(history.getList("actions.action")).containsExactly("request_info", "execute_code", "execute_code");
        List<Map<String, Object>> trajectory = given().auth().preemptive().basic("demo", "demo")
                .get(app.url + "/api/v1/episodes/" + episode + "/export/agent_trajectory.json").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(trajectory).anyMatch(m -> "user".equals(m.get("role"))
                && String.valueOf(m.get("content")).contains("best so far"));
    }

    @Test
    void cancellingASubmissionDeletesTheJobAndItsSecretAndStopsTheRunner() throws Exception {
        String task = "practice-tabular-binary";
        String agent = agent(app.url, "baseline", Map.of("baseline", "sklearn"));
        kubelet.holdAll();
        long id;
        String episode;
        try {
            id = submit(app.url, agent, List.of(task), Map.of());
            await().atMost(Duration.ofMinutes(3)).until(() -> "running".equals(submission(app.url, id)
                    .getString("episodes[0].state")));
            episode = submission(app.url, id).getString("episodes[0].id");
            String held = JobNames.job(episode);
            await().atMost(Duration.ofMinutes(3)).until(() -> kubelet.runStarted(held));
            assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withName(JobNames.job(episode)).get()).isNotNull();
            given().auth().preemptive().basic("demo", "demo").delete(app.url + "/api/v1/submissions/" + id).then()
                    .statusCode(200);
        } finally {
            kubelet.release();
        }
        String job = JobNames.job(episode);
        await().atMost(Duration.ofMinutes(1)).until(() -> kubelet.deleted.contains(job));
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withName(job).get()).isNull();
        assertThat(client.secrets().inNamespace(NAMESPACE).withName(JobNames.tokenSecret(episode)).get()).isNull();
        assertThat(submission(app.url, id).getString("episodes[0].state")).isEqualTo("cancelled");
    }

    @Test
    void aHardKillOfThePlatformWhileTheRunnerWorksLeavesTheEpisodeToFinishExactlyOnce() throws Exception {
        String task = "practice-tabular-regression";
        String agent = agent(app.url, "baseline", Map.of("baseline", "constant"));
        kubelet.holdAll();
        long id;
        try {
            id = submit(app.url, agent, List.of(task), Map.of());
            // the runner is inside its first run of agent code when the platform dies
            await().atMost(Duration.ofMinutes(3)).until(() -> "running".equals(submission(app.url, id)
                    .getString("episodes[0].state")));
            String held = JobNames.job(submission(app.url, id).getString("episodes[0].id"));
            await().atMost(Duration.ofMinutes(3)).until(() -> kubelet.runStarted(held));
            app.kill();
        } finally {
            kubelet.release(); // the run ends while the platform is down: the runner's report is retried
        }
        launch();
        JsonPath done = finished(app.url, id);
        assertThat(done.getList("episodes")).as(done.prettify()).hasSize(1);
        assertThat(done.getString("episodes[0].state")).isEqualTo("finished");
        assertThat(done.getInt("episodes[0].attempt")).isEqualTo(1);
        assertThat(done.getBoolean("episodes[0].result.valid")).isTrue();
        String episode = done.getString("episodes[0].id");
        JsonPath history = given().auth().preemptive().basic("demo", "demo")
                .get(app.url + "/api/v1/episodes/" + episode + "/history").then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("steps.step")).containsExactly(1);
        assertThat(history.getList("steps.action")).containsExactly("execute_code");
        await().atMost(Duration.ofMinutes(1)).until(() -> kubelet.exits.get(JobNames.job(episode)) != null);
        assertThat(kubelet.exits.get(JobNames.job(episode))).isEqualTo(0);
    }
}
