package org.rayport.pacsupload.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.core.ServerInfo;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the first start, the user-storage pool that takes client-created objects (id from the settings, default
 * {@code share}), granted to nobody: an administrator decides who sees it. Once made it is an ordinary pool; if an
 * administrator removes it, it stays removed (a marker under {@code state/} remembers), as the default pool does.
 */
@Component(immediate = true, configurationPid = PacsUploadConfig.PID)
public class SharePool {

    private static final Logger LOG = LoggerFactory.getLogger(SharePool.class);

    @Activate
    public SharePool(@Reference PoolService pools, @Reference ServerInfo server, PacsUploadConfig config)
            throws IOException {
        create(pools, server.home(), config.sharePool());
    }

    /** @return whether the pool was made now */
    static boolean create(PoolService pools, Path home, String id) throws IOException {
        Path marker = home.resolve("state").resolve("share-pool-created");
        if (Files.exists(marker)) {
            return false;
        }
        boolean made = false;
        if (pools.pool(id).isEmpty()) {
            pools.add(new Pool(id, "Objects created by clients", PoolOptions.DEFAULTS, new PoolSettings.UserStorage(),
                    Set.of(), Set.of()));
            LOG.info("Created the share pool '{}' for objects clients create; grant it to users or groups", id);
            made = true;
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "The share pool was created; removing this file recreates it if it is missing.\n");
        return made;
    }
}
