package dev.mledojo.scheduling;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** This platform replica's identity among the others sharing the database. */
@ConfigMapping(prefix = "dojo.instance")
public interface InstanceConfig {

    /** The replica's name, distinct per replica (default: host name and HTTP port). */
    Optional<String> id();
}
