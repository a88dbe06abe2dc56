package org.rayport.store.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.core.ServerInfo;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.DicomParseException;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.persistence.SchemaMigrator;
import org.rayport.store.Arrivals;
import org.rayport.store.DatasetIndex;
import org.rayport.store.Deletion;
import org.rayport.store.FirstOfSeries;
import org.rayport.store.FreeSpaceRule;
import org.rayport.store.IncomingInstance;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InstanceStore;
import org.rayport.store.InvalidInstanceException;
import org.rayport.store.OpenInstance;
import org.rayport.store.Page;
import org.rayport.store.PoolCounts;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StorageArea;
import org.rayport.store.StoreEvents;
import org.rayport.store.StoredFiles;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: encrypted instance files under each pool's folder, {@code <pool folder>/<yyyy>/<MM>/<dd>/<hash of the
 * SOP Instance UID>-<random>.dcm.enc}, and their index in the database. The random part lets a newer copy of an
 * instance be written beside the older one, so that the index switches from one to the other in a single commit.
 * Files are written in {@code <pool folder>/.incoming/} first; leftovers there (a crash mid-write) are removed at start.
 * Pool folders are under the working path, or under the alternative working path while the working path cannot take
 * new data ({@link WorkingPaths}); the index keeps each file's absolute path, so reads and deletions work from both.
 */
@Component(service = {InstanceStore.class, DatasetIndex.class}, configurationPid = "org.rayport.store")
@Designate(ocd = StoreConfig.class)
public class EncryptedInstanceStore implements InstanceStore, DatasetIndex {

    static final String PERSISTENCE_UNIT = "rayport-store";
    /** Values longer than this stay in the encrypted file when an instance is opened. */
    static final long INLINE_LIMIT = Part10Reader.DEFAULT_BULK_DATA_THRESHOLD;

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedInstanceStore.class);
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final String INCOMING = ".incoming";
    private static final int PART10_PREFIX = 132;
    private static final int LOCK_STRIPES = 64;
    /** Bytes of a new file written between its early fsyncs ({@link WriteBehind}). */
    private static final long WRITE_BACK_INTERVAL = 128 * 1024;
    /** Names an instance file whose index entry is still to be made (see {@link Arrivals}). */
    private static final String MARKER_SUFFIX = ".unindexed";
    private static final String UNREADABLE_SUFFIX = ".unreadable";
    private static final int INDEX_QUEUE = 256;
    private static final int TRAILING_ATTEMPTS = 3;
    private static final Duration INDEX_DRAIN = Duration.ofSeconds(30);
    /** At most this many index entries in one commit, gathered for at most this long after the first. */
    private static final int INDEX_BATCH = 64;
    private static final Duration INDEX_GATHERING = Duration.ofMillis(100);
    private static final Duration RETRY_UNINDEXED = Duration.ofSeconds(60);

    private final StoreSettings settings;
    private final InstanceCipher cipher;
    private final EntityManagerFactory factory;
    private final JpaIndex index;
    private final Leases leases = new Leases();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final SecureRandom random = new SecureRandom();
    private final DirectorySync directories = new DirectorySync();
    private final WorkingPaths workingPaths;
    /** Runs the early fsyncs of files still being written ({@link WriteBehind}). */
    private final ExecutorService syncer = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "rayport-store-fsync");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * The index entries of {@link Arrivals} still to be made, in arrival order. Bounded: a sender faster than the index
     * waits for room, so the entries in flight (and the markers a crash may leave) stay few.
     */
    private final BlockingQueue<Pending> indexQueue = new ArrayBlockingQueue<>(INDEX_QUEUE);
    private final Thread indexer = new Thread(this::indexArrivals, "rayport-store-index");
    private volatile boolean stopping;
    /** Set when an entry failed for good, so its marker is to be tried again; read and written by the indexer. */
    private volatile boolean unindexedLeft;
    private long lastRetry = System.nanoTime();
    /** Optional: without an EventAdmin (unit tests) the store works the same, only nobody hears of arrivals. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    /** Optional: the pools' storage sweeps own the free-space limit; without them the limit is 0. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FreeSpaceRule freeSpaceRule;

    @Activate
    public EncryptedInstanceStore(
            @Reference(target = "(javax.persistence.provider=org.hibernate.jpa.HibernatePersistenceProvider)")
            PersistenceProvider hibernate,
            @Reference(target = "(dataSourceName=rayport)") DataSource dataSource,
            @Reference ServerInfo server,
            StoreConfig config) throws IOException {
        this(hibernate, dataSource, StoreSettings.of(config, server.home(), System.getProperty("karaf.etc")));
    }

    EncryptedInstanceStore(PersistenceProvider hibernate, DataSource dataSource, StoreSettings settings)
            throws IOException {
        this(hibernate, dataSource, settings, WorkingPaths.FILE_SYSTEM);
    }

    /** With a free-space probe of the test's own; the limit comes from the {@link FreeSpaceRule}, if any. */
    EncryptedInstanceStore(PersistenceProvider hibernate, DataSource dataSource, StoreSettings settings,
                           WorkingPaths.FreeSpace freeSpace) throws IOException {
        this.settings = settings;
        this.workingPaths = new WorkingPaths(settings.workingPath(), settings.alternativePath(), freeSpace,
                this::minimumFreeBytes);
        byte[] key = MasterKeyFile.loadOrCreate(settings.keyStore());
        this.cipher = new InstanceCipher(key, settings.segmentKiB());
        Arrays.fill(key, (byte) 0);
        cipher.warmUpInBackground();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        // The index operator classes differ per database: db/store-h2 and db/store-postgresql hold those scripts.
        SchemaMigrator.forFeature("store", EncryptedInstanceStore.class.getClassLoader()).withVendorScripts()
                .migrate(dataSource);
        this.factory = hibernate.createEntityManagerFactory(PERSISTENCE_UNIT,
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        this.index = new JpaIndex(factory, dataSource);
        indexLeftovers(removeLeftovers());
        indexer.setDaemon(true);
        indexer.start();
        if (settings.alternativePath() == null) {
            LOG.info("Instance store ready: storage {}, master key in {}", settings.workingPath(), settings.keyStore());
        } else {
            LOG.info("Instance store ready: storage {} (alternative {}), master key in {}", settings.workingPath(),
                    settings.alternativePath(), settings.keyStore());
            workingPaths.forNewData();   // logs now if the working path cannot take data from the start
        }
    }

    /** For tests: the free-space limit, as the pools' storage sweeps would set it. */
    void setFreeSpaceRule(FreeSpaceRule rule) {
        this.freeSpaceRule = rule;
    }

    /** For tests: how often new data changed root (each change logged once). */
    int workingPathSwitches() {
        return workingPaths.switches();
    }

    private long minimumFreeBytes() {
        FreeSpaceRule rule = freeSpaceRule;
        return rule == null ? 0 : Math.max(0, rule.minimumFreeBytes());
    }

    @Override
    public List<StorageArea> storageAreas() {
        return workingPaths.areas();
    }

    @Deactivate
    void close() {
        stopping = true;
        try {
            indexer.join(INDEX_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (indexer.isAlive() || !indexQueue.isEmpty()) {
            LOG.warn("Index entries of received instances are still to be made at the store's stop; its next start"
                    + " makes them");
            indexer.interrupt();
        }
        syncer.shutdown();
        factory.close();
    }

    // ---------------------------------------------------------------- writing

    @Override
    public StoredInstance store(String poolId, IncomingInstance instance, InputStream dataSet) throws IOException {
        Written written = write(poolId, instance, dataSet);
        try {
            return index(written);
        } catch (RuntimeException | Error e) {
            // The caller is told that the store failed, so nothing of it may stay.
            discard(written.marker(), Path.of(written.facts().filePath()));
            throw e;
        }
    }

    @Override
    public Arrivals arrivals(String poolId) {
        checkPool(poolId);
        return new TrailingArrivals(poolId);
    }

    /** An instance whose file is durable, with what its index entry needs; its marker stays until it is indexed. */
    record Written(String poolId, IndexedAttributes attributes, JpaIndex.FileFacts facts, Path marker) {
        StoredInstance asStored() {
            return facts.instance(poolId, attributes);
        }
    }

    /**
     * Writes the instance's encrypted file and makes it durable with a marker saying that it is not indexed yet: data
     * and inode by the file's fsync, its name and the marker's by fsyncs of their directories. When this throws,
     * nothing of the instance is left.
     */
    Written write(String poolId, IncomingInstance instance, InputStream dataSet) throws IOException {
        checkPool(poolId);
        String uid = instance.sopInstanceUid();
        if (!UID.matcher(uid).matches() || uid.length() > 64) {
            throw new InvalidInstanceException("'" + uid + "' is not a SOP Instance UID");
        }
        TransferSyntax syntax = instance.transferSyntax();
        Path folder = settings.poolFolder(poolId, workingPaths.forNewData());
        Path incoming = folder.resolve(INCOMING);
        Path temp = incoming.resolve(UUID.randomUUID() + ".part");
        Path target = null;
        Path marker = null;
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);   // what the database keeps
        byte[] associatedData = InstanceCipher.associatedData(poolId, uid);
        try {
            long plainBytes;
            IndexedAttributes indexed;
            try (FileChannel channel = createFile(temp)) {
                // The file's write-back starts while the rest of it still arrives (WriteBehind).
                WriteBehind file = new WriteBehind(Channels.newOutputStream(channel), channel, syncer,
                        WRITE_BACK_INTERVAL);
                boolean forced = false;
                try {
                    CountingOutputStream plain = new CountingOutputStream(cipher.encrypt(file, associatedData));
                    plain.write(part10Header(instance));
                    Tee tee = new Tee(dataSet, plain);
                    DataSetScanner.Result scan;
                    Inflater inflater = syntax.deflated() ? new Inflater(true) : null;
                    try {
                        InputStream scanned = inflater == null ? tee
                                : new InflaterInputStream(tee, inflater, 64 * 1024);
                        scan = DataSetScanner.scan(scanned, 0, syntax.explicitVr() || syntax.deflated(),
                                syntax.bigEndian(), false, INLINE_LIMIT);
                    } finally {
                        if (inflater != null) {
                            inflater.end();
                        }
                    }
                    tee.transferTo(OutputStream.nullOutputStream());   // whatever follows a deflated data set
                    plain.close();
                    plainBytes = plain.count;
                    Attributes attributes = Part10Reader.defaults().parseDataSet(
                            new ByteArrayInputStream(scan.captured()),
                            syntax.deflated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : syntax);
                    indexed = IndexedAttributes.of(attributes);
                    check(poolId, instance, indexed);
                    target = finalPath(folder, uid, receivedAt);
                    // Renaming before the file's fsync lets journaling file systems (ext4, XFS) commit the rename and
                    // the marker's link in the same journal transaction as the file's inode, which leaves the two
                    // directory fsyncs almost nothing to do; concurrent stores share those (DirectorySync). The
                    // final fsync covers the early ones' bytes; an early one still running is waited for after it,
                    // to collect its failure.
                    moveInto(temp, target);
                    marker = incoming.resolve(markerName(poolId, uid, target));
                    Files.createLink(marker, target);
                    // The arrival time as the index keeps it, for a start that has to index the file from its marker.
                    Files.setLastModifiedTime(target, FileTime.from(receivedAt));
                    channel.force(true);
                    file.awaitIdle();
                    forced = true;
                } finally {
                    if (!forced) {
                        file.awaitIdleQuietly();   // the channel closes next: no force may still run on it
                    }
                }
            }
            directories.sync(target.getParent());
            directories.sync(incoming);
            return new Written(poolId, indexed, new JpaIndex.FileFacts(syntax.uid(), plainBytes, Files.size(target),
                    receivedAt, target.toString()), marker);
        } catch (DicomParseException e) {
            discard(temp, target, marker);
            throw new InvalidInstanceException("Instance " + uid + " for pool '" + poolId + "' rejected, nothing kept:"
                    + " its data set is not valid DICOM " + e.getMessage(), e);
        } catch (InvalidInstanceException e) {
            discard(temp, target, marker);
            throw e;
        } catch (IOException e) {
            discard(temp, target, marker);
            throw storageFailure(poolId, uid, folder, e);
        } catch (RuntimeException | Error e) {
            discard(temp, target, marker);
            throw e;
        }
    }

    /**
     * A new file; its folder is made only when missing. Folders exist for all but the first instance of a pool or day,
     * and {@code Files.createDirectories} costs a failing mkdir and an exception each time.
     */
    private static FileChannel createFile(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException missingFolder) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Renames a file into a folder made only when missing (see {@link #createFile}). */
    private static void moveInto(Path file, Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException missingFolder) {
            if (!Files.exists(file)) {
                throw missingFolder;
            }
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Enters a durable instance in the index and removes its marker; then the copy it replaces goes (once its last
     * reader is done), and the arrival is announced.
     */
    StoredInstance index(Written written) {
        JpaIndex.Entered entered;
        synchronized (lockFor(written.poolId(), written.attributes().sopInstanceUid())) {
            entered = index.enter(written.poolId(), written.attributes(), written.facts());
        }
        afterEntry(written, entered);
        return entered.instance();
    }

    /** The marker goes; then the copy the entry replaced (once its last reader is done); then the announcement. */
    private void afterEntry(Written written, JpaIndex.Entered entered) {
        try {
            // Not forced: a marker that outlives a crash only makes the next start find the entry already made.
            Files.deleteIfExists(written.marker());
        } catch (IOException e) {
            LOG.warn("Cannot remove the index marker {}: {}", written.marker(), e.getMessage());
        }
        if (entered.replacedFile() != null) {
            LOG.info("Instance {} of pool '{}' received again: the new copy replaces the old",
                    written.attributes().sopInstanceUid(), written.poolId());
            if (leases.removeNowOrWhenReleased(entered.replacedFile())) {
                removeFile(entered.replacedFile());
            }
        }
        announceStored(entered.instance());
    }

    /**
     * The index entry of an instance already answered: retried a few times (a database that is briefly away), then
     * left to the next start, which finds the marker.
     */
    private void indexTrailing(Written written) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= TRAILING_ATTEMPTS; attempt++) {
            try {
                index(written);
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(attempt * 500L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        unindexedLeft = true;
        LOG.error("Instance {} of pool '{}' is kept in {}, but its index entry failed ({}); it is tried again within"
                        + " {} s and at the store's next start", written.attributes().sopInstanceUid(),
                written.poolId(), written.facts().filePath(), String.valueOf(last), RETRY_UNINDEXED.toSeconds());
    }

    /** An arrival whose index entry is still to be made, and the arrivals that wait for it. */
    private record Pending(Written written, TrailingArrivals arrivals) {
    }

    /**
     * The indexing thread: takes the pending entries, waiting a little for more after the first (the senders do not
     * wait for it), and enters them together, so that runs of the common case share one commit.
     */
    private void indexArrivals() {
        List<Pending> batch = new ArrayList<>(INDEX_BATCH);
        while (true) {
            try {
                Pending first = indexQueue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    retryUnindexed();
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + INDEX_GATHERING.toNanos();
                while (batch.size() < INDEX_BATCH) {
                    indexQueue.drainTo(batch, INDEX_BATCH - batch.size());
                    long left = deadline - System.nanoTime();
                    Pending next = batch.size() < INDEX_BATCH && left > 0
                            ? indexQueue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                if (batch.isEmpty()) {
                    return;   // stopped: what is left keeps its markers for the next start
                }
            }
            try {
                indexBatch(batch);
            } catch (RuntimeException | Error e) {
                LOG.error("Indexing {} received instances failed; their markers stay for the next start", batch.size(),
                        e);
            } finally {
                batch.forEach(pending -> pending.arrivals().indexed());
                batch.clear();
            }
        }
    }

    /**
     * After an index entry failed (a database that was away), the markers it left are tried again from time to time
     * while nothing else is to be indexed, so that the instances appear without waiting for a restart. Only markers
     * older than the retry interval: a younger one may belong to a store that has not queued its entry yet (which,
     * entered twice, would do no harm: the same file entered again replaces nothing).
     */
    private void retryUnindexed() {
        long now = System.nanoTime();
        if (!unindexedLeft || now - lastRetry < RETRY_UNINDEXED.toNanos()) {
            return;
        }
        lastRetry = now;
        unindexedLeft = false;
        try {
            indexLeftovers(poolFolders(), Instant.now().minus(RETRY_UNINDEXED));
        } catch (IOException | RuntimeException e) {
            unindexedLeft = true;
            LOG.warn("Looking for unindexed instances failed: {}", e.getMessage());
        }
    }

    private void indexBatch(List<Pending> batch) {
        List<JpaIndex.Entry> entries = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            Written written = pending.written();
            entries.add(new JpaIndex.Entry(written.poolId(), written.attributes(), written.facts()));
        }
        JpaIndex.Entered[] entered = index.enterAll(entries,
                entry -> lockFor(entry.poolId(), entry.attributes().sopInstanceUid()));
        for (int i = 0; i < batch.size(); i++) {
            Written written = batch.get(i).written();
            if (entered[i] == null) {
                indexTrailing(written);   // nothing of it was entered: again, alone
            } else {
                afterEntry(written, entered[i]);
            }
        }
    }

    /** See {@link Arrivals}: stores answered once durable, indexed in order on the store's indexing thread. */
    private final class TrailingArrivals implements Arrivals {
        private final String poolId;
        private int outstanding;   // guarded by this

        TrailingArrivals(String poolId) {
            this.poolId = poolId;
        }

        @Override
        public StoredInstance store(IncomingInstance instance, InputStream dataSet) throws IOException {
            Written written = write(poolId, instance, dataSet);
            if (stopping) {
                index(written);   // the indexing thread is ending: enter it here
                return written.asStored();
            }
            synchronized (this) {
                outstanding++;
            }
            try {
                indexQueue.put(new Pending(written, this));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                indexed();   // its marker stays: the next start enters it
                throw new InterruptedIOException("Interrupted while waiting for the index; instance "
                        + instance.sopInstanceUid() + " is kept and indexed at the next start");
            }
            return written.asStored();
        }

        synchronized void indexed() {
            outstanding--;
            notifyAll();
        }

        @Override
        public synchronized void close() {
            boolean interrupted = false;
            long deadline = System.nanoTime() + INDEX_DRAIN.multipliedBy(2).toNanos();
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // Only when the store was stopped under the sender: the markers have them indexed at the next start.
                    LOG.warn("{} instances received into pool '{}' are not indexed yet; the store's next start indexes"
                            + " them", outstanding, poolId);
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    interrupted = true;   // the sender must not be told "done" before its instances are found
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code <pool>+<SOP Instance UID>+<yyyyMMdd>+<file name>.unindexed}: enough to find the file and decrypt it again.
     * Pool ids, UIDs, days and file names never contain '+'.
     */
    private static String markerName(String poolId, String uid, Path target) {
        Path day = target.getParent();
        String yyyyMMdd = day.getParent().getParent().getFileName().toString() + day.getParent().getFileName()
                + day.getFileName();
        return poolId + '+' + uid + '+' + yyyyMMdd + '+' + target.getFileName() + MARKER_SUFFIX;
    }

    /** After the commit, so that a handler finds the instance in the index; UIDs only, no patient data. */
    private void announceStored(StoredInstance stored) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(StoreEvents.STORED, Map.of(StoreEvents.POOL, stored.poolId(),
                    StoreEvents.STUDY_INSTANCE_UID, stored.studyInstanceUid(),
                    StoreEvents.SERIES_INSTANCE_UID, stored.seriesInstanceUid(),
                    StoreEvents.SOP_INSTANCE_UID, stored.sopInstanceUid())));
        }
    }

    /** The preamble and File Meta Information; Part10Writer does not write big endian, whose UID has equal length. */
    private static byte[] part10Header(IncomingInstance instance) throws IOException {
        TransferSyntax syntax = instance.transferSyntax();
        ByteArrayOutputStream header = new ByteArrayOutputStream(256);
        Part10Writer.of(syntax.bigEndian() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : syntax)
                .writeHeader(instance.sopClassUid(), instance.sopInstanceUid(), header);
        if (!syntax.bigEndian()) {
            return header.toByteArray();
        }
        String text = header.toString(StandardCharsets.ISO_8859_1);
        String little = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid() + '\0';
        return text.replace(little, syntax.uid() + '\0').getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void check(String poolId, IncomingInstance instance, IndexedAttributes a)
            throws InvalidInstanceException {
        String where = "Instance " + instance.sopInstanceUid() + " for pool '" + poolId + "' rejected, nothing kept: ";
        if (!instance.sopInstanceUid().equals(a.sopInstanceUid())) {
            throw new InvalidInstanceException(where + "its data set has SOPInstanceUID (0008,0018) '"
                    + a.sopInstanceUid() + "'");
        }
        if (a.studyUid().isEmpty() || a.seriesUid().isEmpty()) {
            throw new InvalidInstanceException(where + "its data set lacks StudyInstanceUID (0020,000D) or"
                    + " SeriesInstanceUID (0020,000E)");
        }
    }

    private Path finalPath(Path folder, String uid, Instant receivedAt) throws IOException {
        LocalDate day = LocalDate.ofInstant(receivedAt, ZoneId.systemDefault());
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        String name = hash(uid) + "-" + HexFormat.of().formatHex(suffix) + ".dcm.enc";
        return folder.resolve(String.format("%04d", day.getYear())).resolve(String.format("%02d", day.getMonthValue()))
                .resolve(String.format("%02d", day.getDayOfMonth())).resolve(name);
    }

    private static String hash(String uid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IOException storageFailure(String poolId, String uid, Path folder, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device")) {
            return new IOException("Storage of pool '" + poolId + "' is full: no space left on the device of "
                    + folder + " while storing instance " + uid + "; nothing was kept", e);
        }
        return new IOException("Storing instance " + uid + " into pool '" + poolId + "' failed, nothing was kept: "
                + message, e);
    }

    private static void discard(Path... files) {
        for (Path p : files) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Cannot remove {} of a failed store: {}", p, e.getMessage());
                }
            }
        }
    }

    @Override
    public StoredInstance importFile(String poolId, Path part10File) throws IOException {
        DicomFile file;
        try {
            file = Part10Reader.read(part10File);
        } catch (DicomParseException e) {
            throw new InvalidInstanceException(part10File + " cannot be imported into pool '" + poolId + "': "
                    + e.getMessage(), e);
        }
        String sopClass = file.dataset().getString(Tags.SOP_CLASS_UID, file.meta().getString(Tags.MEDIA_STORAGE_SOP_CLASS_UID));
        String sopInstance = file.dataset().getString(Tags.SOP_INSTANCE_UID,
                file.meta().getString(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID));
        if (sopClass == null || sopInstance == null) {
            throw new InvalidInstanceException(part10File + " cannot be imported into pool '" + poolId
                    + "': it has no SOP Class UID or SOP Instance UID");
        }
        IncomingInstance instance = new IncomingInstance(sopClass, sopInstance, file.transferSyntax(), null);
        long dataSetStart = dataSetStart(part10File, file);
        if (dataSetStart >= 0) {
            try (InputStream in = Files.newInputStream(part10File)) {
                in.skipNBytes(dataSetStart);
                return store(poolId, instance, in);
            }
        }
        return storeReencoded(poolId, instance, file);
    }

    /** Where the data set starts, after "DICM" and the meta group whose length (0002,0000) gives; -1 if unknown. */
    private static long dataSetStart(Path path, DicomFile file) throws IOException {
        long groupLength = file.meta().getInt(Tags.FILE_META_INFORMATION_GROUP_LENGTH, -1) & 0xFFFFFFFFL;
        if (file.meta().isEmpty() || !file.meta().contains(Tags.FILE_META_INFORMATION_GROUP_LENGTH)) {
            return -1;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] prefix = in.readNBytes(PART10_PREFIX);
            boolean magic = prefix.length == PART10_PREFIX && prefix[128] == 'D' && prefix[129] == 'I'
                    && prefix[130] == 'C' && prefix[131] == 'M';
            return magic ? PART10_PREFIX + 12 + groupLength : -1;
        }
    }

    /** Files without a standard header: their data set is written out again, through a pipe, as it is read. */
    private StoredInstance storeReencoded(String poolId, IncomingInstance instance, DicomFile file) throws IOException {
        if (file.transferSyntax().bigEndian()) {
            throw new InvalidInstanceException("Big endian files without File Meta Information group length cannot be"
                    + " imported");
        }
        PipedInputStream in = new PipedInputStream(256 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (out) {
                Part10Writer.of(file.transferSyntax()).writeDataSet(file.dataset(), out);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "rayport-store-import");
        writer.start();
        try (in) {
            return store(poolId, instance, in);
        } finally {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure.get() != null) {
                LOG.warn("Re-encoding {} for import failed: {}", instance.sopInstanceUid(), failure.get().toString());
            }
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Optional<StoredInstance> find(String poolId, String sopInstanceUid) {
        return index.instance(poolId, sopInstanceUid);
    }

    @Override
    public OpenInstance open(String poolId, String sopInstanceUid) throws IOException {
        JpaIndex.InstanceRow row = index.instanceRow(poolId, sopInstanceUid)
                .orElseThrow(() -> new InstanceNotFoundException(poolId, sopInstanceUid));
        Leased leased = lease(poolId, sopInstanceUid, row.filePath());
        try {
            // Replaced between the read and the lease: the lease is on the new copy, so its row is read again.
            StoredInstance stored = leased.file.equals(row.filePath()) ? row.instance()
                    : index.instance(poolId, sopInstanceUid)
                            .orElseThrow(() -> new InstanceNotFoundException(poolId, sopInstanceUid));
            DicomFile file = readFile(Path.of(leased.file), InstanceCipher.associatedData(poolId, sopInstanceUid));
            return new OpenInstance() {
                @Override
                public StoredInstance instance() {
                    return stored;
                }

                @Override
                public DicomFile file() {
                    return file;
                }

                @Override
                public void close() {
                    leased.release();
                }
            };
        } catch (IOException | RuntimeException e) {
            leased.release();
            throw e;
        }
    }

    @Override
    public InputStream openStream(String poolId, String sopInstanceUid) throws IOException {
        return streamOf(lease(poolId, sopInstanceUid), poolId, sopInstanceUid, new InstanceCipher.SegmentBuffers());
    }

    /** The streams it opens share one pair of segment buffers: use it on one thread, as a download does. */
    @Override
    public StoredFiles files(String poolId, List<String> sopInstanceUids) {
        Map<String, String> files = index.filesOf(poolId, sopInstanceUids);
        InstanceCipher.SegmentBuffers buffers = new InstanceCipher.SegmentBuffers();
        return sop -> streamOf(lease(poolId, sop, files.get(sop)), poolId, sop, buffers);
    }

    /** One index query for the row and its file; the lease is taken when the stream is opened, as in {@link #files}. */
    @Override
    public Optional<FirstOfSeries> firstOfSeries(String poolId, String seriesInstanceUid) {
        return index.firstOfSeries(poolId, seriesInstanceUid).map(row -> new FirstOfSeries() {
            @Override
            public StoredInstance instance() {
                return row.instance();
            }

            @Override
            public InputStream openStream() throws IOException {
                String sop = row.instance().sopInstanceUid();
                return streamOf(lease(poolId, sop, row.filePath()), poolId, sop,
                        new InstanceCipher.SegmentBuffers());
            }
        });
    }

    private InputStream streamOf(Leased leased, String poolId, String sopInstanceUid,
                                 InstanceCipher.SegmentBuffers buffers) throws IOException {
        try {
            InstanceCipher.OpenedFile opened = cipher.open(Path.of(leased.file));
            return new DecryptedFileStream(cipher, opened, InstanceCipher.associatedData(poolId, sopInstanceUid),
                    buffers, leased::release);
        } catch (IOException | RuntimeException e) {
            leased.release();
            throw e;
        }
    }

    /** A read lease on the file an instance has now; released once, however often close is called. */
    private final class Leased {
        final String file;
        private final AtomicBoolean released = new AtomicBoolean();

        Leased(String file) {
            this.file = file;
        }

        void release() {
            if (released.compareAndSet(false, true) && leases.release(file)) {
                removeFile(file);
            }
        }
    }

    /**
     * A lease on {@code knownFile}, the instance's file when the index was read a moment ago (no second look-up); if it
     * is being deleted, replaced or gone, or null, the index is asked again. Deletion claims a file before it removes
     * its row, and {@link Leases#acquireKnown} refuses a replaced file, so neither removes a file leased here.
     */
    private Leased lease(String poolId, String sopInstanceUid, String knownFile) throws IOException {
        if (knownFile != null && leases.acquireKnown(knownFile)) {
            Leased leased = new Leased(knownFile);
            if (Files.exists(Path.of(knownFile))) {
                return leased;
            }
            leased.release();
        }
        return lease(poolId, sopInstanceUid);   // replaced or deleted since the look-up: look again
    }

    private Leased lease(String poolId, String sopInstanceUid) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            JpaIndex.Target target = index.target(poolId, sopInstanceUid)
                    .orElseThrow(() -> new InstanceNotFoundException(poolId, sopInstanceUid));
            if (!leases.acquire(target.filePath())) {
                throw new InstanceNotFoundException(poolId, sopInstanceUid);   // being deleted
            }
            Leased leased = new Leased(target.filePath());
            if (Files.exists(Path.of(target.filePath()))) {
                return leased;
            }
            leased.release();   // replaced by a newer copy between the look-up and the lease: look again
        }
        throw new IOException("The file of instance " + sopInstanceUid + " in pool '" + poolId + "' is missing");
    }

    /**
     * Parses the decrypted file: meta information and small elements into memory, bulk data as references that decrypt
     * their own range when read. Deflated and big endian data sets (rare, small) are loaded whole.
     */
    private DicomFile readFile(Path path, byte[] associatedData) throws IOException {
        try (SeekableByteChannel plain = cipher.decrypt(path, associatedData)) {
            InputStream in = new SeekableInput(plain);
            byte[] prefix = in.readNBytes(PART10_PREFIX + 12);
            if (prefix.length < PART10_PREFIX + 12 || prefix[128] != 'D' || prefix[131] != 'M' || prefix[132] != 2
                    || prefix[134] != 0) {
                throw new IOException(path + " does not hold a Part 10 file");
            }
            long metaLength = (prefix[140] & 0xFFL) | (prefix[141] & 0xFFL) << 8 | (prefix[142] & 0xFFL) << 16
                    | (prefix[143] & 0xFFL) << 24;
            byte[] metaRest = in.readNBytes((int) Math.min(metaLength, 64 * 1024));
            ByteArrayOutputStream metaBytes = new ByteArrayOutputStream();
            metaBytes.write(prefix, PART10_PREFIX, 12);
            metaBytes.write(metaRest);
            Attributes meta = Part10Reader.defaults().parseDataSet(new ByteArrayInputStream(metaBytes.toByteArray()),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            TransferSyntax syntax = TransferSyntax.of(meta.getString(Tags.TRANSFER_SYNTAX_UID));
            if (syntax.deflated() || syntax.bigEndian()) {
                plain.position(0);
                return Part10Reader.read(new SeekableInput(plain));
            }
            long dataSetStart = PART10_PREFIX + 12 + metaLength;
            DataSetScanner.Result scan = DataSetScanner.scan(in, dataSetStart, syntax.explicitVr(), false, true,
                    INLINE_LIMIT);
            Attributes.Builder dataset = Part10Reader.defaults()
                    .parseDataSet(new ByteArrayInputStream(scan.captured()), syntax).toBuilder();
            for (DataSetScanner.BulkValue bulk : scan.bulk()) {
                dataset.setBulkData(bulk.tag(), bulk.vr(), range(path, associatedData, bulk.offset(), bulk.length()));
            }
            for (DataSetScanner.EncapsulatedValue value : scan.encapsulated()) {
                List<BulkData> items = new ArrayList<>();
                for (long[] item : value.items()) {
                    items.add(range(path, associatedData, item[0], item[1]));
                }
                dataset.setFragments(value.tag(), value.vr(), new Fragments(items.get(0), items.subList(1, items.size())));
            }
            return new DicomFile(meta, dataset.build(), syntax);
        }
    }

    private BulkData range(Path path, byte[] associatedData, long offset, long length) {
        return BulkData.of(length, () -> cipher.decryptRange(path, associatedData, offset, length));
    }

    // ---------------------------------------------------------------- deleting

    @Override
    public Deletion deleteInstance(String poolId, String sopInstanceUid) throws IOException {
        return delete(index.target(poolId, sopInstanceUid).map(List::of).orElse(List.of()));
    }

    @Override
    public Deletion deleteSeries(String poolId, String seriesInstanceUid) throws IOException {
        return delete(index.targetsOfSeries(poolId, seriesInstanceUid));
    }

    @Override
    public Deletion deleteStudy(String poolId, String studyInstanceUid) throws IOException {
        return delete(index.targetsOfStudy(poolId, studyInstanceUid));
    }

    @Override
    public Deletion deleteOlderThan(String poolId, Duration age) throws IOException {
        checkPool(poolId);
        Instant cutoff = Instant.now().minus(age);
        Deletion total = Deletion.nothing();
        for (String study : index.studiesReceivedBefore(poolId, cutoff)) {
            total = sum(total, deleteStudy(poolId, study));
        }
        if (total.instances() > 0 || total.skippedInUse() > 0) {
            LOG.info("Retention of pool '{}' ({} old): deleted {} instances ({} bytes) of studies {}; {} in use skipped",
                    poolId, age, total.instances(), total.bytes(), total.studies(), total.skippedInUse());
        }
        return total;
    }

    @Override
    public Deletion deleteOldestUntilFree(long bytes) throws IOException {
        Deletion total = Deletion.nothing();
        Instant after = Instant.EPOCH.minusSeconds(1);
        long afterId = -1;
        while (total.bytes() < bytes) {
            List<Object[]> studies = index.studiesByAge(after, afterId, 50);
            if (studies.isEmpty()) {
                break;
            }
            for (Object[] study : studies) {
                after = (Instant) study[2];
                afterId = (Long) study[3];
                Deletion deleted = deleteStudy((String) study[0], (String) study[1]);
                if (deleted.instances() > 0) {
                    LOG.info("Free space: deleted study {} of pool '{}' received last at {}: {} instances, {} bytes",
                            study[1], study[0], study[2], deleted.instances(), deleted.bytes());
                }
                total = sum(total, deleted);
                if (total.bytes() >= bytes) {
                    break;
                }
            }
        }
        LOG.info("Free space: {} bytes wanted, {} freed from {} studies; {} instances in use skipped", bytes,
                total.bytes(), total.studies().size(), total.skippedInUse());
        return total;
    }

    private Deletion delete(List<JpaIndex.Target> targets) {
        List<JpaIndex.Target> claimed = new ArrayList<>();
        int skipped = 0;
        for (JpaIndex.Target target : targets) {
            if (leases.claimForDeletion(target.filePath())) {
                claimed.add(target);
            } else {
                skipped++;
            }
        }
        Set<Long> removed;
        try {
            removed = index.remove(claimed);
        } catch (RuntimeException e) {
            claimed.forEach(t -> leases.deletionDone(t.filePath()));
            throw e;
        }
        Set<String> studies = new LinkedHashSet<>();
        long bytes = 0;
        for (JpaIndex.Target target : claimed) {
            try {
                if (removed.contains(target.instanceId())) {
                    removeFile(target.filePath());
                    bytes += target.storedBytes();
                    studies.add(target.studyUid());
                } else {
                    skipped++;   // replaced by a newer copy meanwhile: that one stays
                }
            } finally {
                leases.deletionDone(target.filePath());
            }
        }
        return new Deletion(new ArrayList<>(studies), removed.size(), bytes, skipped);
    }

    private static Deletion sum(Deletion a, Deletion b) {
        Set<String> studies = new LinkedHashSet<>(a.studies());
        studies.addAll(b.studies());
        return new Deletion(new ArrayList<>(studies), a.instances() + b.instances(), a.bytes() + b.bytes(),
                a.skippedInUse() + b.skippedInUse());
    }

    private static void removeFile(String file) {
        try {
            Files.deleteIfExists(Path.of(file));
        } catch (IOException e) {
            LOG.warn("Cannot remove instance file {}: {}", file, e.getMessage());
        }
    }

    /**
     * Files of writes that a crash interrupted: never indexed, never visible.
     *
     * @return the pool folders looked at
     */
    private Set<Path> removeLeftovers() throws IOException {
        Set<Path> folders = poolFolders();
        int removed = 0;
        for (Path folder : folders) {
            Path incoming = folder.resolve(INCOMING);
            if (Files.isDirectory(incoming)) {
                try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming, "*.part")) {
                    for (Path part : parts) {
                        Files.deleteIfExists(part);
                        removed++;
                    }
                }
            }
        }
        if (removed > 0) {
            LOG.warn("Removed {} partly written instance files left by an interrupted run", removed);
        }
        return folders;
    }

    /** The pool folders: those configured elsewhere and those under the working paths. */
    private Set<Path> poolFolders() throws IOException {
        Set<Path> folders = new HashSet<>(settings.poolPaths().values());
        for (Path root : new Path[] {settings.workingPath(), settings.alternativePath()}) {
            if (root != null && Files.isDirectory(root)) {
                try (DirectoryStream<Path> pools = Files.newDirectoryStream(root, Files::isDirectory)) {
                    pools.forEach(folders::add);
                }
            }
        }
        return folders;
    }

    /**
     * Instances answered before a stop or crash whose index entries were not made yet ({@link Arrivals}): made now,
     * before the store serves anything. One that fails keeps its marker for the next start.
     */
    private void indexLeftovers(Set<Path> folders) throws IOException {
        indexLeftovers(folders, Instant.MAX);
    }

    /** @param receivedBefore only the files received before this */
    private void indexLeftovers(Set<Path> folders, Instant receivedBefore) throws IOException {
        int indexed = 0;
        for (Path folder : folders) {
            Path incoming = folder.resolve(INCOMING);
            if (!Files.isDirectory(incoming)) {
                continue;
            }
            try (DirectoryStream<Path> markers = Files.newDirectoryStream(incoming, "*" + MARKER_SUFFIX)) {
                for (Path marker : markers) {
                    try {
                        if (receivedBefore != Instant.MAX
                                && !Files.getLastModifiedTime(marker).toInstant().isBefore(receivedBefore)) {
                            unindexedLeft = true;   // not yet: the next retry looks again
                            continue;
                        }
                        Optional<Written> written = recover(marker);
                        if (written.isPresent()) {
                            index(written.get());
                            indexed++;
                        }
                    } catch (PersistenceException e) {
                        unindexedLeft = true;   // the database: tried again later
                        LOG.error("Cannot index the instance file that {} names ({}); it is tried again later",
                                marker, e.getMessage());
                    } catch (IOException | RuntimeException e) {
                        // The file cannot be read back (damaged, or not what the name says): set aside, never lost.
                        Path aside = marker.resolveSibling(marker.getFileName() + UNREADABLE_SUFFIX);
                        Files.move(marker, aside, StandardCopyOption.ATOMIC_MOVE);
                        LOG.error("Cannot index the instance file that {} names ({}); it is kept as {} for inspection",
                                marker, e.getMessage(), aside);
                    }
                }
            }
        }
        if (indexed > 0) {
            LOG.warn("Indexed {} received instances whose index entries were outstanding (an interrupted run or a"
                    + " database that was away)", indexed);
        }
    }

    /** What the marker's file needs for its index entry; empty when the entry was made (or a newer copy's was). */
    private Optional<Written> recover(Path marker) throws IOException {
        String name = marker.getFileName().toString();
        String[] parts = name.substring(0, name.length() - MARKER_SUFFIX.length()).split("\\+");
        if (parts.length != 4 || parts[2].length() != 8 || !UID.matcher(parts[1]).matches()) {
            throw new IOException("not the name of an index marker");
        }
        String poolId = parts[0];
        String uid = parts[1];
        Path target = marker.getParent().getParent().resolve(parts[2].substring(0, 4))
                .resolve(parts[2].substring(4, 6)).resolve(parts[2].substring(6, 8)).resolve(parts[3]);
        // The marker is a second name of the same file: it still reads when the file's name did not survive.
        Path source = Files.exists(target) ? target : marker;
        Instant receivedAt = Files.getLastModifiedTime(source).toInstant().truncatedTo(ChronoUnit.MILLIS);
        Optional<JpaIndex.Target> entered = index.target(poolId, uid);
        boolean newerEntered = entered.isPresent() && index.instance(poolId, uid)
                .map(i -> i.receivedAt().isAfter(receivedAt)).orElse(false);
        if (entered.isPresent() && (entered.get().filePath().equals(target.toString()) || newerEntered)) {
            if (!entered.get().filePath().equals(target.toString())) {
                removeFile(target.toString());
            }
            Files.deleteIfExists(marker);
            return Optional.empty();
        }
        byte[] associatedData = InstanceCipher.associatedData(poolId, uid);
        DicomFile file = readFile(source, associatedData);
        long plainBytes;
        try (SeekableByteChannel plain = cipher.decrypt(source, associatedData)) {
            plainBytes = plain.size();
        }
        if (!source.equals(target)) {
            Files.createDirectories(target.getParent());
            Files.createLink(target, marker);
        }
        return Optional.of(new Written(poolId, IndexedAttributes.of(file.dataset()), new JpaIndex.FileFacts(
                file.transferSyntax().uid(), plainBytes, Files.size(target), receivedAt, target.toString()), marker));
    }

    // ---------------------------------------------------------------- index

    @Override
    public Page<StudyRecord> searchStudies(StudyQuery query) {
        return index.searchStudies(query);
    }

    @Override
    public Optional<StudyRecord> study(String poolId, String studyInstanceUid) {
        return index.study(poolId, studyInstanceUid);
    }

    @Override
    public List<SeriesRecord> series(String poolId, String studyInstanceUid) {
        return index.series(poolId, studyInstanceUid);
    }

    @Override
    public List<StoredInstance> instances(String poolId, String seriesInstanceUid) {
        return index.instances(poolId, seriesInstanceUid);
    }

    @Override
    public Optional<StoredInstance> firstInstance(String poolId, String seriesInstanceUid) {
        return index.firstInstance(poolId, seriesInstanceUid);
    }

    @Override
    public Map<String, PoolCounts> countsPerPool() {
        return index.countsPerPool();
    }

    // ---------------------------------------------------------------- helpers

    private Object lockFor(String poolId, String uid) {
        return locks[Math.floorMod((poolId + '/' + uid).hashCode(), LOCK_STRIPES)];
    }

    private static void checkPool(String poolId) {
        if (poolId == null || !StoreSettings.POOL_ID.matcher(poolId).matches()) {
            throw new IllegalArgumentException("'" + poolId + "' is not a pool id (1-64 letters, digits, . _ -)");
        }
    }

    /** Copies what is read from the data set to the encrypting stream; skipping reads too. */
    private static final class Tee extends FilterInputStream {

        private final OutputStream copy;
        private final byte[] skipBuffer = new byte[64 * 1024];

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int r = read(skipBuffer, 0, (int) Math.min(n, skipBuffer.length));
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {

        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
