package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The seccomp program, read back instruction by instruction and run through a tiny classic-BPF interpreter over
 * {@code seccomp_data}, so that every decision is checked without a kernel; {@link ContainmentTest} checks the kernel
 * enforces it inside bubblewrap.
 */
class SeccompFilterTest {

    private static final int X86_64 = 0xC000003E;
    private static final int ALLOW = 0x7FFF0000;
    private static final int EPERM = 0x00050001;
    private static final int ENOSYS = 0x00050000 | 38;
    private static final int KILL = 0x80000000;

    private record Insn(int code, int jt, int jf, int k) {
    }

    private static List<Insn> decode(byte[] bytes) {
        assertThat(bytes.length % 8).isZero();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Insn> p = new ArrayList<>();
        while (b.hasRemaining()) {
            p.add(new Insn(b.getShort() & 0xFFFF, b.get() & 0xFF, b.get() & 0xFF, b.getInt()));
        }
        return p;
    }

    /** Runs the program on (nr, arch, args[0]) like the kernel: LD ABS, JEQ, JGE, JSET, RET only. */
    private static int eval(List<Insn> p, int nr, int arch, long arg0) {
        int a = 0;
        for (int pc = 0; pc < p.size(); pc++) {
            Insn i = p.get(pc);
            switch (i.code()) {
                case 0x20 -> a = switch (i.k()) {
                    case 0 -> nr;
                    case 4 -> arch;
                    case 16 -> (int) arg0;
                    case 20 -> (int) (arg0 >>> 32);
                    default -> throw new AssertionError("load at " + i.k());
                };
                case 0x15 -> pc += (a == i.k()) ? i.jt() : i.jf();
                case 0x35 -> pc += (Integer.compareUnsigned(a, i.k()) >= 0) ? i.jt() : i.jf();
                case 0x45 -> pc += ((a & i.k()) != 0) ? i.jt() : i.jf();
                case 0x06 -> {
                    return i.k();
                }
                default -> throw new AssertionError("opcode " + i.code());
            }
        }
        throw new AssertionError("fell off the end");
    }

    private final List<Insn> x86 = decode(SeccompFilter.forArchitecture("amd64").orElseThrow());

    @Test
    void namespaceAndMountCallsAreRefusedWithEperm() {
        assertThat(eval(x86, 272, X86_64, 0)).as("unshare").isEqualTo(EPERM);
        assertThat(eval(x86, 308, X86_64, 0)).as("setns").isEqualTo(EPERM);
        assertThat(eval(x86, 165, X86_64, 0)).as("mount").isEqualTo(EPERM);
        assertThat(eval(x86, 101, X86_64, 0)).as("ptrace").isEqualTo(EPERM);
        assertThat(eval(x86, 321, X86_64, 0)).as("bpf").isEqualTo(EPERM);
        assertThat(eval(x86, 425, X86_64, 0)).as("io_uring_setup").isEqualTo(EPERM);
        for (SeccompFilter.Syscall s : SeccompFilter.DENIED) {
            assertThat(eval(x86, s.x8664(), X86_64, 0)).as(s.name()).isEqualTo(EPERM);
        }
    }

    @Test
    void cloneIsAllowedForThreadsAndProcessesButNotForNamespaces() {
        int threadFlags = 0x003D0F00; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        assertThat(eval(x86, 56, X86_64, threadFlags)).isEqualTo(ALLOW);
        assertThat(eval(x86, 56, X86_64, 17 /* SIGCHLD: fork */)).isEqualTo(ALLOW);
        assertThat(eval(x86, 56, X86_64, 0x10000000 | 17)).as("CLONE_NEWUSER").isEqualTo(EPERM);
        assertThat(eval(x86, 56, X86_64, 0x00020000 | 17)).as("CLONE_NEWNS").isEqualTo(EPERM);
        assertThat(eval(x86, 56, X86_64, 0x40000000L | 17)).as("CLONE_NEWNET").isEqualTo(EPERM);
        assertThat(eval(x86, 435, X86_64, 0)).as("clone3 falls back to clone").isEqualTo(ENOSYS);
    }

    @Test
    void ordinaryCallsAreAllowed() {
        for (int nr : new int[] {0, 1, 2, 9, 57, 59, 60, 231, 257, 262}) { // read write open mmap fork execve exit ...
            assertThat(eval(x86, nr, X86_64, 0)).as("syscall " + nr).isEqualTo(ALLOW);
        }
    }

    @Test
    void aForeignArchitectureOrTheX32AbiIsKilled() {
        assertThat(eval(x86, 0, 0x40000003 /* i386 */, 0)).isEqualTo(KILL);
        assertThat(eval(x86, 0x40000000 | 272, X86_64, 0)).isEqualTo(KILL);
    }

    @Test
    void aarch64UsesItsOwnNumbersAndUnknownArchitecturesHaveNoFilter() {
        List<Insn> arm = decode(SeccompFilter.forArchitecture("aarch64").orElseThrow());
        int aarch64 = 0xC00000B7;
        assertThat(eval(arm, 97, aarch64, 0)).as("unshare").isEqualTo(EPERM);
        assertThat(eval(arm, 220, aarch64, 0x10000000)).as("clone NEWUSER").isEqualTo(EPERM);
        assertThat(eval(arm, 220, aarch64, 17)).as("fork").isEqualTo(ALLOW);
        assertThat(eval(arm, 63, aarch64, 0)).as("read").isEqualTo(ALLOW);
        assertThat(eval(arm, 0, X86_64, 0)).isEqualTo(KILL);
        assertThat(SeccompFilter.forArchitecture("riscv64")).isEmpty();
    }
}
