package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-group driver against fake cgroup trees (plain folders with the kernel's file names), so that the v2 code
 * path is exercised on this v1 host too: which files are written with which limits, how limit hits are read back, and
 * that run groups are removed. The real kernel is exercised by {@link ContainmentTest}.
 */
class CgroupsTest {

    @TempDir
    Path root;

    @Test
    void v2WritesEveryLimitOfTheRunAndReadsItsEvents() throws IOException {
        Path own = Files.createDirectories(root.resolve("system.slice/dojo.service"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(own.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(own.resolve("cgroup.subtree_control"), "cpu memory pids\n");
        Files.createDirectories(own.resolve("mledojo"));
        Files.writeString(own.resolve("mledojo/cgroup.subtree_control"), "");

        Cgroups.Detection d = Cgroups.detect(root, "0::/system.slice/dojo.service\n");

        assertThat(d.reason()).isEqualTo("cgroup v2 at " + own.resolve("mledojo"));
        Cgroups g = d.cgroups().orElseThrow();
        assertThat(g.version()).isEqualTo(Cgroups.Version.V2);
        assertThat(Files.readString(own.resolve("mledojo/cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        Cgroups.Run run = g.open(512L << 20, 68, 2);
        assertThat(run.joinFiles()).extracting(f -> f.getFileName().toString()).containsExactly("cgroup.procs");
        Path group = run.joinFiles().get(0).getParent();
        assertThat(group.getParent()).isEqualTo(own.resolve("mledojo"));
        assertThat(group.getFileName().toString()).startsWith("run-" + ProcessHandle.current().pid() + "-");
        assertThat(Files.readString(group.resolve("memory.max"))).isEqualTo("536870912");
        assertThat(Files.readString(group.resolve("pids.max"))).isEqualTo("68");
        assertThat(Files.readString(group.resolve("cpu.max"))).isEqualTo("200000 100000");

        Files.writeString(group.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        Files.writeString(group.resolve("pids.events"), "max 3\n");
        Files.writeString(group.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\n");
        Files.writeString(group.resolve("cgroup.procs"), "");
        assertThat(run.oomKills()).isEqualTo(1);
        assertThat(run.forksRefused()).isEqualTo(3);
        assertThat(run.cpuNanos()).isEqualTo(2_500_000_000L);

        run.close();
        assertThat(group).doesNotExist();
        // plain folders are removed whatever they list: only the kernel's refusal proves a group empty
        assertThat(run.provenEmpty()).isFalse();
    }

    @Test
    void v2WithoutTheMemoryControllerDelegatedIsRefusedWithTheReason() throws IOException {
        Path own = Files.createDirectories(root.resolve("user.slice"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(own.resolve("cgroup.controllers"), "cpu pids\n");

        Cgroups.Detection d = Cgroups.detect(root, "0::/user.slice\n");

        assertThat(d.cgroups()).isEmpty();
        assertThat(d.reason()).isEqualTo("cgroup v2 controller 'memory' is not delegated to " + own
                + " (available: cpu pids)");
    }

    @Test
    void v1CreatesOneGroupPerControllerBelowTheProcesssOwn() throws IOException {
        for (String c : new String[] {"memory", "pids", "cpu", "cpuacct"}) {
            Files.createDirectories(root.resolve(c));
        }
        Files.createDirectories(root.resolve("memory/box/42"));
        String self = "9:name=systemd:/\n8:pids:/\n4:memory:/box/42\n2:cpuacct:/\n1:cpu:/\n0::/\n";

        Cgroups.Detection d = Cgroups.detect(root, self);

        assertThat(d.reason()).isEqualTo("cgroup v1 (memory, pids, cpu, cpuacct)");
        Cgroups g = d.cgroups().orElseThrow();
        assertThat(g.parents()).containsEntry("memory", root.resolve("memory/box/42/mledojo"))
                .containsEntry("pids", root.resolve("pids/mledojo"));
        Cgroups.Run run = g.open(1L << 30, 100, 3);
        // on v1 the joining shell moves itself through each hierarchy's tasks file (no global lock, see joinFiles)
        assertThat(run.joinFiles()).extracting(f -> f.getFileName().toString()).containsExactly("tasks", "tasks",
                "tasks", "tasks");
        Path memory = run.joinFiles().get(0).getParent();
        Path pids = run.joinFiles().get(1).getParent();
        Path cpu = run.joinFiles().get(2).getParent();
        Path acct = run.joinFiles().get(3).getParent();
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes"))).isEqualTo("1073741824");
        assertThat(Files.readString(pids.resolve("pids.max"))).isEqualTo("100");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("300000");
        assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");

        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(acct.resolve("cpuacct.usage"), "1234567\n");
        assertThat(run.oomKills()).isEqualTo(2);
        assertThat(run.cpuNanos()).isEqualTo(1_234_567L);
        assertThat(run.forksRefused()).isEqualTo(-1);

        run.close();
        assertThat(memory).doesNotExist();
        assertThat(pids).doesNotExist();
        assertThat(run.provenEmpty()).isFalse();
    }

    @Test
    void groupsLeftByADeadPlatformAreSweptAtStart() throws IOException {
        for (String c : new String[] {"memory", "pids"}) {
            Files.createDirectories(root.resolve(c + "/mledojo/run-999999999-7"));
            Files.writeString(root.resolve(c + "/mledojo/run-999999999-7/cgroup.procs"), "");
        }
        Cgroups.Detection d = Cgroups.detect(root, "8:pids:/\n4:memory:/\n");

        assertThat(d.cgroups()).isPresent();
        assertThat(root.resolve("memory/mledojo/run-999999999-7")).doesNotExist();
        assertThat(root.resolve("pids/mledojo/run-999999999-7")).doesNotExist();
    }

    @Test
    void noHierarchyMeansNoGroupsAndSaysWhy() {
        Cgroups.Detection d = Cgroups.detect(root, "0::/\n");

        assertThat(d.cgroups()).isEmpty();
        assertThat(d.reason()).isEqualTo("no cgroup hierarchy with the memory and pids controllers at " + root);
    }
}
