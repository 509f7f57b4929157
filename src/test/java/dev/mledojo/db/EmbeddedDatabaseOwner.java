package dev.mledojo.db;

import java.nio.file.Path;

/** Test helper run in its own JVM: starts a cluster, writes a row, says so, then waits to be killed. */
public final class EmbeddedDatabaseOwner {

    static final String READY = "EMBEDDED-DATABASE-READY";

    private EmbeddedDatabaseOwner() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        EmbeddedDatabaseTest.execute(db, "create table kept (v int); insert into kept values (7)");
        System.out.println(READY);
        System.out.flush();
        System.in.read(); // blocks until the test kills this process
    }
}
