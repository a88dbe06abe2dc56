package org.rayport.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.core.ServerInfo;

@Component(configurationPid = "org.rayport.core")
@Designate(ocd = ServerInfoConfig.class)
public class RayportServerInfo implements ServerInfo {

    private final String version;
    private final Path home;
    private final Instant startedAt;

    @Activate
    public RayportServerInfo(BundleContext context, ServerInfoConfig config) {
        this.version = context.getBundle().getVersion().toString();
        this.home = resolveHome(config.home(), context.getProperty("rayport.home"));
        this.startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + home, e);
        }
    }

    static Path resolveHome(String configured, String systemProperty) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        if (systemProperty != null && !systemProperty.isBlank()) {
            return Path.of(systemProperty).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".rayport").toAbsolutePath();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public long freeDiskBytes() {
        try {
            return Files.getFileStore(home).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read free space of " + home, e);
        }
    }
}
