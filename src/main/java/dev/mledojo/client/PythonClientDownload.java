package dev.mledojo.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Python client's wheel as the Maven build wrote it onto the classpath ({@link PythonWheel#main}): its bytes, file
 * name, version and SHA-256. Read once; the wheel is part of the build, the same on every replica.
 */
public record PythonClientDownload(String fileName, String version, String sha256, byte[] bytes) {

    /** The classpath folder of the wheel and its description. */
    public static final String RESOURCE_DIR = "client/python/";

    /** The wheel's resource name (its real file name is in the description). */
    public static final String WHEEL_RESOURCE_NAME = "mledojo_client.whl";

    /** The description: {@code file}, {@code version}, {@code sha256}. */
    public static final String PROPERTIES_RESOURCE_NAME = "python-client.properties";

    /** The wheel on the classpath; fails loudly when the build did not make it. */
    public static PythonClientDownload load() {
        ClassLoader loader = PythonClientDownload.class.getClassLoader();
        try (InputStream description = loader.getResourceAsStream(RESOURCE_DIR + PROPERTIES_RESOURCE_NAME);
                InputStream wheel = loader.getResourceAsStream(RESOURCE_DIR + WHEEL_RESOURCE_NAME)) {
            if (description == null || wheel == null) {
                throw new IllegalStateException("the Python client's wheel is missing from the build (the Maven build "
                        + "writes it to " + RESOURCE_DIR + " in process-classes)");
            }
            Properties p = new Properties();
            p.load(description);
            return new PythonClientDownload(p.getProperty("file"), p.getProperty("version"), p.getProperty("sha256"),
                    wheel.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
