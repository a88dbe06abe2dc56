package org.rayport.pacsupload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rayport.licensing.LicensedModule;
import org.rayport.pacsupload.AcceptedObject;
import org.rayport.pacsupload.ClientObjects;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pools.PoolService;
import org.rayport.store.InstanceStore;
import org.rayport.store.StoredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps client-created objects in the share pool, and queues them for the PACS while the module is licensed. The
 * object passes through a temporary file because the store imports Part 10 files (it reads the meta information
 * for the transfer syntax first); the file is removed whatever happens.
 */
@Component(service = ClientObjects.class, configurationPid = PacsUploadConfig.PID)
public class ShareClientObjects implements ClientObjects {

    private static final Logger LOG = LoggerFactory.getLogger(ShareClientObjects.class);

    private final InstanceStore store;
    private final JpaPacsUpload queue;
    private final PoolService pools;
    private final String sharePool;

    /** Present while the licence in force includes pacs-upload. */
    @Reference(target = "(" + LicensedModule.MODULE_PROPERTY + "=" + LicensedModule.PACS_UPLOAD + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile LicensedModule licence;

    @Activate
    public ShareClientObjects(@Reference InstanceStore store, @Reference JpaPacsUpload queue,
                              @Reference PoolService pools, PacsUploadConfig config) {
        this.store = store;
        this.queue = queue;
        this.pools = pools;
        this.sharePool = config.sharePool();
    }

    @Override
    public AcceptedObject accept(String userId, InputStream part10) throws IOException {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("The user who created the object is required");
        }
        if (pools.pool(sharePool).isEmpty()) {
            throw new IOException("The share pool '" + sharePool + "' does not exist: add it (type userstorage) or"
                    + " set sharePool of " + PacsUploadConfig.PID);
        }
        Path file = Files.createTempFile("rayport-client-object-", ".dcm");
        StoredInstance stored;
        try {
            Files.copy(part10, file, StandardCopyOption.REPLACE_EXISTING);
            stored = store.importFile(sharePool, file);
        } finally {
            Files.deleteIfExists(file);
        }
        UploadEntry upload = licence == null ? null : queue.submit(stored.poolId(), stored.sopInstanceUid());
        LOG.info("{} created {} ({}) in pool '{}'{}", userId, stored.sopInstanceUid(), stored.sopClassUid(),
                sharePool, upload == null ? "" : ", queued for the PACS as entry " + upload.id());
        return new AcceptedObject(stored, upload);
    }
}
