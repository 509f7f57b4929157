package dev.mledojo.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * PostgreSQL's JDBC driver, except that a connection first waits for the embedded PostgreSQL that this JVM is starting
 * (the platform's datasource driver, {@code quarkus.datasource.jdbc.driver}). {@code DojoMain} starts the embedded
 * database and Quarkus side by side, so that initdb and the server's start overlap Quarkus' own boot; the first
 * connection (Flyway's) is where the two meet. With an external database nothing is pending and this is PostgreSQL's
 * driver as it is.
 */
public final class WaitingPostgresDriver implements Driver {

    private static volatile CompletableFuture<?> pending = CompletableFuture.completedFuture(null);

    private final Driver postgres = new org.postgresql.Driver();

    /** Makes connections wait until {@code start} completes (and fail with its error if it fails). */
    public static void waitFor(CompletableFuture<?> start) {
        pending = start;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!postgres.acceptsURL(url)) {
            return null; // the JDBC contract: not our URL
        }
        try {
            pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new SQLException("the embedded PostgreSQL did not start: " + cause.getMessage(), "08001", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the embedded PostgreSQL to start", "08001", e);
        }
        return postgres.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return postgres.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return postgres.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.getParentLogger();
    }
}
