package dev.mledojo.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the test database for every {@code @QuarkusTest} (one shared application start). */
@QuarkusTestResource(DatabaseTestResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
