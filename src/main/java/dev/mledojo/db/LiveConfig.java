package dev.mledojo.db;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The session that listens to the database's change notifications for the live views. */
@ConfigMapping(prefix = "dojo.live")
public interface LiveConfig {

    /**
     * Where to listen; default the datasource's JDBC URL. LISTEN needs a session of its own: behind a pooler in
     * transaction mode (PgBouncer), point this at PostgreSQL itself.
     */
    @WithName("listen-url")
    Optional<String> listenUrl();

    /** How long the listener waits for news before it checks that its connection is alive (one round trip). */
    @WithName("ping-interval")
    @WithDefault("30s")
    Duration pingInterval();

    /** The pause between attempts to reconnect after the listening connection was lost. */
    @WithName("reconnect-delay")
    @WithDefault("1s")
    Duration reconnectDelay();
}
