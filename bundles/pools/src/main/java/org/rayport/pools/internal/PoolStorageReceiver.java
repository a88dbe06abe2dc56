package org.rayport.pools.internal;

import java.io.IOException;
import java.io.InputStream;

import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.pools.PoolStatus;
import org.rayport.pseudonymization.Pseudonymizer;
import org.rayport.store.Arrivals;
import org.rayport.store.IncomingInstance;
import org.rayport.store.InstanceStore;
import org.rayport.store.InvalidInstanceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what a C-STORE delivers into a pool of the store, answering with the status the sender needs: refused for an
 * unusable data set, out of resources when the store failed (a full disk), which also shows on the pool's status.
 * With a pseudonymizer the data set is pseudonymized while the store reads it, and stored under its new SOP Instance
 * UID.
 */
final class PoolStorageReceiver implements Storage.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(PoolStorageReceiver.class);

    private final String poolId;
    private final InstanceStore store;
    private final PoolStatusBoard board;
    private final Pseudonymizer pseudonymizer;

    PoolStorageReceiver(String poolId, InstanceStore store, PoolStatusBoard board) {
        this(poolId, store, board, null);
    }

    /** @param pseudonymizer null: stored as received */
    PoolStorageReceiver(String poolId, InstanceStore store, PoolStatusBoard board, Pseudonymizer pseudonymizer) {
        this.poolId = poolId;
        this.store = store;
        this.board = board;
        this.pseudonymizer = pseudonymizer;
    }

    @Override
    public int store(Storage.Incoming incoming, InputStream dataSet) throws IOException {
        return store(incoming, dataSet, (instance, in) -> store.store(poolId, instance, in));
    }

    /** An association's C-STOREs are answered once durable; their index entries trail until its release. */
    @Override
    public Storage.Session openSession() {
        Arrivals arrivals = store.arrivals(poolId);
        return new Storage.Session() {
            @Override
            public int store(Storage.Incoming incoming, InputStream dataSet) throws IOException {
                return PoolStorageReceiver.this.store(incoming, dataSet, arrivals::store);
            }

            @Override
            public void close() {
                arrivals.close();
            }
        };
    }

    private interface Target {
        void store(IncomingInstance instance, InputStream dataSet) throws IOException;
    }

    private int store(Storage.Incoming incoming, InputStream dataSet, Target target) throws IOException {
        try {
            if (pseudonymizer == null) {
                target.store(new IncomingInstance(incoming.sopClass(), incoming.sopInstance(),
                        incoming.transferSyntax(), incoming.callingAe().value()), dataSet);
                return Commands.SUCCESS;
            }
            String uid = pseudonymizer.pseudonymousUid(poolId, incoming.sopInstance());
            try (InputStream pseudonymized = pseudonymizer.pseudonymize(poolId, incoming.transferSyntax(),
                    dataSet)) {
                target.store(new IncomingInstance(incoming.sopClass(), uid, incoming.transferSyntax(),
                        incoming.callingAe().value()), pseudonymized);
            }
            return Commands.SUCCESS;
        } catch (InvalidInstanceException unusable) {
            LOG.warn("Pool {} refused {} from {}: {}", poolId, incoming.sopInstance(), incoming.callingAe(),
                    unusable.getMessage());
            return Commands.CANNOT_UNDERSTAND;
        } catch (IOException failed) {
            LOG.error("Pool {} could not store {} from {}: {}", poolId, incoming.sopInstance(), incoming.callingAe(),
                    failed.getMessage());
            board.report(poolId, PoolStatus.State.RUNNING, "last store failed: " + failed.getMessage());
            return Commands.OUT_OF_RESOURCES;
        }
    }
}
