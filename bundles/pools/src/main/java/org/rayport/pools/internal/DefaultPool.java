package org.rayport.pools.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.core.ServerInfo;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the first start, a network-node pool named {@code default} on port 11112 ({@code RAYPORT_DICOM_PORT}
 * overrides it), AE title RAYPORT, granted to the first administrator: a fresh server receives images at once. Once
 * made it is an ordinary pool; if an administrator removes it, it stays removed.
 */
@Component(immediate = true)
public class DefaultPool {

    static final String ID = "default";
    static final String FIRST_ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultPool.class);

    @Activate
    public DefaultPool(@Reference PoolService pools, @Reference ServerInfo server) throws IOException {
        Path marker = server.home().resolve("state").resolve("default-pool-created");
        if (Files.exists(marker)) {
            return;
        }
        // The share pool of the pacs-upload bundle (user storage) may have been made first at the same start.
        if (pools.pools().stream().allMatch(pool -> pool.type() == PoolType.USER_STORAGE)) {
            int port = dicomPort();
            pools.add(new Pool(ID, "Default network node", PoolOptions.DEFAULTS,
                    new PoolSettings.NetworkNode(port, "RAYPORT", List.of()), Set.of(FIRST_ADMIN), Set.of()));
            LOG.info("Created the default pool: AE title RAYPORT on port {} (storescu -aec RAYPORT <host> {} <files>)",
                    port, port);
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "The default pool was created; removing this file recreates it if no pool exists.\n");
    }

    static int dicomPort() {
        String configured = System.getenv("RAYPORT_DICOM_PORT");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("rayport.dicom.port", "11112");
        }
        try {
            int port = Integer.parseInt(configured.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RAYPORT_DICOM_PORT must be a port number 1-65535: '" + configured + "'");
        }
    }
}
