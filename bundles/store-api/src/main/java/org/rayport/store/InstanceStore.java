package org.rayport.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps DICOM instances of pools, encrypted at rest (AES-256-GCM, segmented so that any size streams in constant
 * memory and reads at random offsets), and indexes them in the {@link DatasetIndex}.
 *
 * <p><b>Writing.</b> {@link #store} copies the data set from the stream as it arrives, never holding it whole; the
 * encrypted file is written under a temporary name, renamed into place and forced to disk together with a marker that
 * says its index entry is still to be made; then it is entered in the index, in one transaction, and the marker goes.
 * When {@code store} returns, the instance is durable and visible; when it throws, nothing of it is left (no file, no
 * index row). Through {@link #arrivals} the index entry trails the return instead (a C-STORE is answered once its
 * instance is durable), and a start of the store makes the entries that a crash left unmade.
 *
 * <p><b>A second copy of the same SOP Instance UID in the same pool replaces the first</b>, atomically: the index row
 * points to the old file until the transaction that points it to the new one commits; the old file is removed after
 * that commit (once its last reader closes it). The patient, study and series attributes of the index keep the values
 * they were first stored with, except where those were empty. The same UID in two pools is two independent instances.
 *
 * <p><b>Deleting.</b> An instance that is being read ({@link #open}/{@link #openStream} not yet closed) or written is
 * never deleted: it is skipped and counted in {@link Deletion#skippedInUse()}, so a later run retries it. Patient,
 * study and series rows disappear with their last instance.
 *
 * <p>Pool ids are 1 to 64 characters of letters, digits, '.', '_' and '-'.
 */
public interface InstanceStore {

    /**
     * Stores one received instance.
     *
     * @param dataSet the data set without File Meta Information, in {@code instance.transferSyntax()}; read to its end
     * @throws InvalidInstanceException the data set is truncated, not DICOM, lacks Study/Series/SOP Instance UID, or
     *                                  names another SOP Instance UID than {@code instance}
     * @throws IOException              the storage failed (a full disk says so); nothing was kept
     */
    StoredInstance store(String poolId, IncomingInstance instance, InputStream dataSet) throws IOException;

    /**
     * For a sender of many instances in a row (store API 1.4): each is answered once durable, its index entry trails
     * (see {@link Arrivals}). By default every store is indexed before it returns.
     */
    default Arrivals arrivals(String poolId) {
        return new Arrivals() {
            @Override
            public StoredInstance store(IncomingInstance instance, InputStream dataSet) throws IOException {
                return InstanceStore.this.store(poolId, instance, dataSet);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Stores a Part 10 file, its data set bytes copied unchanged; the same rules as {@link #store}. */
    StoredInstance importFile(String poolId, Path part10File) throws IOException;

    Optional<StoredInstance> find(String poolId, String sopInstanceUid);

    /**
     * Opens the decrypted instance with its bulk data read lazily; holds a read lease until closed.
     *
     * @throws InstanceNotFoundException the pool has no such instance
     * @throws IOException               the file is missing, or fails authentication (damaged or tampered)
     */
    OpenInstance open(String poolId, String sopInstanceUid) throws IOException;

    /**
     * The decrypted Part 10 file as a stream, decrypted segment by segment; holds a read lease until closed. A damaged
     * or tampered segment makes {@code read} throw an IOException naming the file.
     */
    InputStream openStream(String poolId, String sopInstanceUid) throws IOException;

    /**
     * For a download of many instances of one pool (store API 1.3): their files are looked up in the index in one query
     * (per few hundred), where {@link #openStream} looks up each file alone. Each stream takes its read lease when it
     * is opened; an instance replaced or deleted since is looked up again.
     */
    default StoredFiles files(String poolId, List<String> sopInstanceUids) throws IOException {
        return sop -> openStream(poolId, sop);
    }

    /**
     * The first instance of a series in the order of {@link DatasetIndex#instances}, found with its file in one index
     * query (store API 1.4), where {@link DatasetIndex#firstInstance} and then {@link #openStream} take two. Empty when
     * the pool has no such series (or it has no instance).
     */
    Optional<FirstOfSeries> firstOfSeries(String poolId, String seriesInstanceUid);

    /** Deletes one instance; {@link Deletion#skippedInUse()} is 1 if it is being read. */
    Deletion deleteInstance(String poolId, String sopInstanceUid) throws IOException;

    Deletion deleteSeries(String poolId, String seriesInstanceUid) throws IOException;

    Deletion deleteStudy(String poolId, String studyInstanceUid) throws IOException;

    /**
     * Retention: deletes the studies of the pool whose newest instance was received more than {@code age} ago
     * (fractions of days are fine: {@code Duration.ofMinutes((long) (days * 24 * 60))}).
     */
    Deletion deleteOlderThan(String poolId, Duration age) throws IOException;

    /**
     * The free-space rule: deletes whole studies, those received least recently first, across all pools, until at
     * least {@code bytes} bytes of encrypted files were removed or nothing deletable is left. The caller derives
     * {@code bytes} from the file store's usable space and its threshold. Each deleted study is logged.
     */
    Deletion deleteOldestUntilFree(long bytes) throws IOException;

    /**
     * The working path and, if configured, the alternative working path, measured now (store API 1.2): what the
     * free-space sweep checks. Pools with a folder of their own are not listed.
     */
    default List<StorageArea> storageAreas() {
        return List.of();
    }
}
