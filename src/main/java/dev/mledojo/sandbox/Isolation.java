package dev.mledojo.sandbox;

/** How untrusted code is isolated: bubblewrap namespaces, or nothing but rlimits (dev only, unsafe). */
public enum Isolation {
    BWRAP,
    NONE
}
