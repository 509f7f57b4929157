package dev.mledojo.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's seccomp filter as a classic BPF program, the format bubblewrap's {@code --seccomp FD} loads: a
 * deny-list of system calls an ML program never needs (namespace creation, mounts, kernel modules, keyrings, BPF,
 * tracing other processes, clock and host settings, io_uring), answered with {@code EPERM}; {@code clone} with any
 * namespace flag is refused the same way; {@code clone3} answers {@code ENOSYS} (its flags sit in memory a filter
 * cannot read, and the C library then falls back to {@code clone}); a foreign architecture or the x32 ABI kills the
 * process. Everything else is allowed: the namespaces, the read-only mounts and the uid switch are the walls, the filter
 * shrinks the kernel surface behind them.
 *
 * <p>Hand-written because no maintained Java library emits seccomp BPF; the program is small, fixed, and its bytes are
 * checked by {@code SeccompFilterTest} and its effect inside bubblewrap by the sandbox tests.
 */
public final class SeccompFilter {

    /** One refused system call: its name and number on x86-64 and on aarch64 (-1 where it does not exist). */
    public record Syscall(String name, int x8664, int aarch64) {
    }

    /** Refused with EPERM (see {@code src/docs/sandbox.md} for why each is there). */
    public static final List<Syscall> DENIED = List.of(
            // namespaces and mounts: a nested user namespace could mount a tmpfs outside every limit
            new Syscall("unshare", 272, 97), new Syscall("setns", 308, 268), new Syscall("mount", 165, 40),
            new Syscall("umount2", 166, 39), new Syscall("pivot_root", 155, 41), new Syscall("chroot", 161, 51),
            new Syscall("fsopen", 430, 430), new Syscall("fsconfig", 431, 431), new Syscall("fsmount", 432, 432),
            new Syscall("fspick", 433, 433), new Syscall("move_mount", 429, 429), new Syscall("open_tree", 428, 428),
            new Syscall("mount_setattr", 442, 442), new Syscall("open_by_handle_at", 304, 265),
            new Syscall("name_to_handle_at", 303, 264),
            // kernel modules, kexec, reboot, swap, accounting, quotas
            new Syscall("init_module", 175, 105), new Syscall("finit_module", 313, 273),
            new Syscall("delete_module", 176, 106), new Syscall("kexec_load", 246, 104),
            new Syscall("kexec_file_load", 320, 294), new Syscall("reboot", 169, 142), new Syscall("swapon", 167, 224),
            new Syscall("swapoff", 168, 225), new Syscall("acct", 163, 89), new Syscall("quotactl", 179, 60),
            // keyrings, BPF, perf, userfaultfd, io_uring: large attack surface, no use in ML code
            new Syscall("add_key", 248, 217), new Syscall("request_key", 249, 218), new Syscall("keyctl", 250, 219),
            new Syscall("bpf", 321, 280), new Syscall("perf_event_open", 298, 241),
            new Syscall("userfaultfd", 323, 282), new Syscall("io_uring_setup", 425, 425),
            new Syscall("io_uring_enter", 426, 426), new Syscall("io_uring_register", 427, 427),
            // other processes' memory
            new Syscall("ptrace", 101, 117), new Syscall("process_vm_readv", 310, 270),
            new Syscall("process_vm_writev", 311, 271), new Syscall("kcmp", 312, 272),
            // host settings
            new Syscall("settimeofday", 164, 170), new Syscall("clock_settime", 227, 112),
            new Syscall("clock_adjtime", 305, 266), new Syscall("adjtimex", 159, 171),
            new Syscall("sethostname", 170, 161), new Syscall("setdomainname", 171, 162),
            new Syscall("syslog", 103, 116), new Syscall("vhangup", 153, 58), new Syscall("lookup_dcookie", 212, 18),
            // legacy x86 only
            new Syscall("iopl", 172, -1), new Syscall("ioperm", 173, -1), new Syscall("uselib", 134, -1),
            new Syscall("_sysctl", 156, -1));

    /** Every namespace flag of clone(2): NEWTIME, NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
    static final int CLONE_NAMESPACE_FLAGS = 0x00000080 | 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000
            | 0x10000000 | 0x20000000 | 0x40000000;

    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int RET_KILL_PROCESS = 0x80000000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int RET_ALLOW = 0x7FFF0000;

    // classic BPF opcodes
    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short JGE_K = 0x35;
    private static final short JSET_K = 0x45;
    private static final short RET_K = 0x06;

    // offsets in struct seccomp_data
    private static final int NR = 0;
    private static final int ARCH = 4;
    private static final int ARG0_LOW = 16; // little-endian: the low word of args[0]

    private SeccompFilter() {
    }

    /** The filter for the JVM's architecture ({@code os.arch}), or empty where no syscall table is known. */
    public static Optional<byte[]> forThisMachine() {
        return forArchitecture(System.getProperty("os.arch", ""));
    }

    /** The filter for {@code amd64}/{@code x86_64} or {@code aarch64}; empty for other architectures. */
    public static Optional<byte[]> forArchitecture(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(program(AUDIT_ARCH_X86_64, true, 56, 435));
            case "aarch64", "arm64" -> Optional.of(program(AUDIT_ARCH_AARCH64, false, 220, 435));
            default -> Optional.empty();
        };
    }

    private record Insn(short code, String jt, String jf, int k) {
    }

    private static byte[] program(int arch, boolean x8664, int clone, int clone3) {
        List<Insn> p = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        p.add(new Insn(LD_W_ABS, null, null, ARCH));
        p.add(new Insn(JEQ_K, null, "kill", arch));
        p.add(new Insn(LD_W_ABS, null, null, NR));
        if (x8664) {
            p.add(new Insn(JGE_K, "kill", null, X32_SYSCALL_BIT));
        }
        for (Syscall s : DENIED) {
            int nr = x8664 ? s.x8664() : s.aarch64();
            if (nr >= 0) {
                p.add(new Insn(JEQ_K, "eperm", null, nr));
            }
        }
        p.add(new Insn(JEQ_K, "enosys", null, clone3));
        p.add(new Insn(JEQ_K, null, "allow", clone));
        p.add(new Insn(LD_W_ABS, null, null, ARG0_LOW));
        p.add(new Insn(JSET_K, "eperm", null, CLONE_NAMESPACE_FLAGS));
        labels.put("allow", p.size());
        p.add(new Insn(RET_K, null, null, RET_ALLOW));
        labels.put("eperm", p.size());
        p.add(new Insn(RET_K, null, null, RET_ERRNO | EPERM));
        labels.put("enosys", p.size());
        p.add(new Insn(RET_K, null, null, RET_ERRNO | ENOSYS));
        labels.put("kill", p.size());
        p.add(new Insn(RET_K, null, null, RET_KILL_PROCESS));

        ByteBuffer out = ByteBuffer.allocate(8 * p.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int pc = 0; pc < p.size(); pc++) {
            Insn i = p.get(pc);
            out.putShort(i.code());
            out.put(offset(labels, i.jt(), pc));
            out.put(offset(labels, i.jf(), pc));
            out.putInt(i.k());
        }
        return out.array();
    }

    /** A forward jump from {@code pc} to {@code label} (0: fall through); classic BPF jumps at most 255 ahead. */
    private static byte offset(Map<String, Integer> labels, String label, int pc) {
        if (label == null) {
            return 0;
        }
        int off = labels.get(label) - pc - 1;
        if (off < 0 || off > 255) {
            throw new IllegalStateException("seccomp jump out of range: " + off);
        }
        return (byte) off;
    }
}
