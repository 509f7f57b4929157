package dev.mledojo.scheduling;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The name of this platform replica ({@code dojo.instance.id}; by default host name and HTTP port), recorded on every
 * episode it runs. Replicas must have distinct names: a replica that starts fails the episodes still recorded under
 * its own name at once (their runner died with its previous process); those of others only when their lease expires.
 */
@ApplicationScoped
public class PlatformInstance {

    private final String id;

    public PlatformInstance(InstanceConfig config,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.id = config.id().filter(s -> !s.isBlank()).orElseGet(() -> hostName() + ":" + port);
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME"); // a pod's name under Kubernetes
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
