package dev.mledojo.sandbox;

/**
 * How untrusted code is isolated: bubblewrap namespaces; the episode's own pod (Kubernetes: the pod's security
 * context, NetworkPolicy and runtime class are the sandbox, the code runs as a child process in its own session with
 * rlimits and its whole process group is killed after each run); or nothing but rlimits (dev only, unsafe).
 */
public enum Isolation {
    BWRAP,
    POD,
    NONE
}
