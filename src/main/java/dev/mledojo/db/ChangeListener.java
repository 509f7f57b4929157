package dev.mledojo.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.logging.Log;

/**
 * One session per platform replica that {@code LISTEN}s to the change channels and hands each notification to the
 * {@link ChangeHub}. It blocks on the socket (no polling); every {@code pingInterval} without news it checks that the
 * connection is alive. When the connection is lost it reconnects and, once listening again, makes every watcher read
 * once ({@link ChangeHub#resyncAll()}), since notifications sent meanwhile are gone.
 */
public final class ChangeListener implements Runnable {

    /** The {@code application_name} of the listening session (visible in {@code pg_stat_activity}). */
    public static final String APPLICATION_NAME = "dojo-live-listener";

    private static final int PING_TIMEOUT_SECONDS = 5;

    private final String url;
    private final Properties properties;
    private final List<String> channels;
    private final ChangeHub hub;
    private final Duration pingInterval;
    private final Duration reconnectDelay;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Connection> current = new AtomicReference<>();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private volatile boolean running = true;

    public ChangeListener(String url, String user, String password, List<String> channels, ChangeHub hub,
            Duration pingInterval, Duration reconnectDelay) {
        this.url = url;
        this.properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        this.channels = List.copyOf(channels);
        this.hub = hub;
        this.pingInterval = pingInterval;
        this.reconnectDelay = reconnectDelay;
    }

    @Override
    public void run() {
        boolean warned = false;
        while (running) {
            try (Connection c = new org.postgresql.Driver().connect(url, properties)) {
                if (c == null) {
                    throw new SQLException("not a PostgreSQL JDBC URL: " + url);
                }
                current.set(c);
                try (Statement s = c.createStatement()) {
                    for (String channel : channels) {
                        s.execute("LISTEN " + channel);
                    }
                }
                connects.incrementAndGet();
                if (warned) {
                    Log.infof("live views: listening to the database again");
                    warned = false;
                }
                // after LISTEN: whatever committed before it is seen by these reads
                hub.resyncAll();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!warned) {
                    Log.warnf("live views: lost the database's change notifications (%s); reconnecting every %s",
                            e.getMessage(), reconnectDelay);
                    warned = true;
                }
            } finally {
                current.set(null);
            }
            pause();
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, pingInterval.toMillis()));
        while (running) {
            PGNotification[] received = pg.getNotifications(timeout);
            if (received == null || received.length == 0) {
                if (!c.isValid(PING_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listening connection is no longer valid");
                }
                continue;
            }
            for (PGNotification n : received) {
                notifications.incrementAndGet();
                hub.publish(n.getName(), n.getParameter());
            }
        }
    }

    private void pause() {
        try {
            stopped.await(reconnectDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops listening: closes the session under the blocked read. */
    public void stop() {
        running = false;
        stopped.countDown();
        Connection c = current.get();
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                Log.debugf("live views: closing the listening connection: %s", e.getMessage());
            }
        }
    }

    /** How many times the listener connected and started listening. */
    public long connects() {
        return connects.get();
    }

    /** How many notifications it received. */
    public long notifications() {
        return notifications.get();
    }
}
