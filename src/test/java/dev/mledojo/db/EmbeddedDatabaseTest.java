package dev.mledojo.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded cluster keeps its data across restarts and recovers from a hard kill of its owner. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void data_survives_a_clean_restart() throws Exception {
        Path cluster = dir.resolve("pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster)) {
            execute(db, "create table kept (v int); insert into kept values (42)");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster)) {
            assertThat(queryInt(db, "select v from kept")).isEqualTo(42);
        }
    }

    @Test
    void restarts_after_its_owner_was_killed_hard() throws Exception {
        Path cluster = dir.resolve("pg");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), EmbeddedDatabaseOwner.class.getName(), cluster.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals(EmbeddedDatabaseOwner.READY));
            assertThat(line).as("the owner process started its database").isEqualTo(EmbeddedDatabaseOwner.READY);
        }
        owner.destroyForcibly(); // SIGKILL: no shutdown hook runs, the postmaster is orphaned
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cluster.resolve("postmaster.pid")).exists();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster)) {
            assertThat(queryInt(db, "select v from kept")).isEqualTo(7);
        }
        assertThat(Files.exists(cluster.resolve("postmaster.pid"))).isFalse();
    }

    static void execute(EmbeddedDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static int queryInt(EmbeddedDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
