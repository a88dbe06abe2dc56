package org.rayport.core;

import java.nio.file.Path;
import java.time.Instant;

/** Who this server is and where it keeps its data. */
public interface ServerInfo {

    String version();

    /** When the JVM that runs the container started: the server's uptime counts from here. */
    Instant startedAt();

    /** RAYPORT_HOME: database, cache, logs, licence and generated secrets live below it, outside the distribution. */
    Path home();

    /** Free bytes on the file system that holds {@link #home()}. */
    long freeDiskBytes();
}
