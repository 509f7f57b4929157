package dev.mledojo.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Drains one output stream of the sandbox, keeping at most {@code cap} bytes; past the cap it calls {@code onOverflow}
 * once (which kills the run) and discards the rest, so memory stays bounded whatever the code prints.
 */
final class CappedOutput implements Runnable {

    private final InputStream in;
    private final int cap;
    private final Runnable onOverflow;
    private byte[] buf = new byte[8192];
    private int len;
    private volatile boolean truncated;

    CappedOutput(InputStream in, int cap, Runnable onOverflow) {
        this.in = in;
        this.cap = cap;
        this.onOverflow = onOverflow;
    }

    @Override
    public void run() {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (this) {
                    int keep = Math.min(n, cap - len);
                    if (keep > 0) {
                        if (len + keep > buf.length) {
                            buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(len + keep, 2L * buf.length)));
                        }
                        System.arraycopy(chunk, 0, buf, len, keep);
                        len += keep;
                    }
                    if (keep < n && !truncated) {
                        truncated = true;
                        onOverflow.run();
                    }
                }
            }
        } catch (IOException e) {
            // the stream is closed when the process is gone: what we have is the output
        }
    }

    boolean truncated() {
        return truncated;
    }

    /**
     * The output as text: invalid UTF-8 becomes U+FFFD (the decoder's rule) and so does NUL, which the database cannot
     * store; a run's output must never keep its step from being recorded.
     */
    synchronized String text() {
        return new String(buf, 0, len, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
    }
}
