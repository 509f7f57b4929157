package dev.mledojo.agent.external;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.quarkus.logging.Log;

/**
 * The only way out of an external agent's sandbox: a Unix socket (bind-mounted into the sandbox, which has no network)
 * whose every connection is forwarded to the platform's own HTTP address, so the agent reaches the episode API and the
 * LLM gateway — with its episode token, which allows nothing else — and no other host or port. At most
 * {@value #MAX_CONNECTIONS} connections at once; closing the tunnel closes them all.
 */
final class PlatformTunnel implements AutoCloseable {

    static final String SOCKET = "platform.sock";
    private static final int MAX_CONNECTIONS = 32;

    private final ServerSocketChannel server;
    private final Path socket;
    private final InetSocketAddress platform;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Thread acceptor;

    private PlatformTunnel(ServerSocketChannel server, Path socket, InetSocketAddress platform) {
        this.server = server;
        this.socket = socket;
        this.platform = platform;
        this.acceptor = new Thread(this::accept, "agent-tunnel-" + socket.getParent().getFileName());
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code dir}/{@value #SOCKET} (usable by the sandbox's uid) and forwards to {@code platform}. */
    static PlatformTunnel open(Path dir, InetSocketAddress platform) throws IOException {
        Path socket = dir.resolve(SOCKET);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            // the sandbox runs under its own uid; the folder (0711) only lets it reach this one socket
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        PlatformTunnel t = new PlatformTunnel(server, socket, platform);
        t.acceptor.start();
        return t;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!slots.tryAcquire()) {
                close(client);
                continue;
            }
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(platform);
            } catch (IOException e) {
                Log.warnf("agent tunnel: cannot reach the platform at %s: %s", platform, e.getMessage());
                close(client);
                slots.release();
                continue;
            }
            open.add(client);
            open.add(upstream);
            Connection c = new Connection(client, upstream);
            Thread up = new Thread(() -> c.pump(client, upstream), "agent-tunnel-up");
            Thread down = new Thread(() -> c.pump(upstream, client), "agent-tunnel-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }
    }

    /** One forwarded connection; released when both directions have ended. */
    private final class Connection {
        private final SocketChannel client;
        private final SocketChannel upstream;
        private int ended;

        Connection(SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pump(SocketChannel from, SocketChannel to) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // the other side went away: end both directions
                PlatformTunnel.this.close(client);
                PlatformTunnel.this.close(upstream);
            } finally {
                synchronized (this) {
                    if (++ended == 2) {
                        PlatformTunnel.this.close(client);
                        PlatformTunnel.this.close(upstream);
                        open.remove(client);
                        open.remove(upstream);
                        slots.release();
                    }
                }
            }
        }
    }

    private void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(this::close);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Log.debugf("agent tunnel socket %s: %s", socket, e.getMessage());
        }
    }
}
