package org.rayport.pacsupload.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.licensing.LicensedModule;
import org.rayport.pacsupload.PacsUpload;
import org.rayport.pacsupload.PacsUploadException;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;
import org.rayport.pacsupload.UploadSummary;

/**
 * The queue in the database. It takes entries whether or not the module is licensed, so that nothing submitted is
 * lost while a licence is renewed; the {@link PacsSender} is what the licence switches on. Besides the public API it
 * offers the sender its queries and a wake-up signal, so that a submitted entry goes out at once rather than at the
 * next poll.
 */
@Component(service = {PacsUpload.class, JpaPacsUpload.class}, configurationPid = PacsUploadConfig.PID)
@Designate(ocd = PacsUploadConfig.class)
public class JpaPacsUpload implements PacsUpload {

    static final String WAITING_FOR_LICENCE = "waiting for the pacs-upload licence";
    static final String NO_PACS = "no PACS configured (set pacsHost of " + PacsUploadConfig.PID + ")";
    static final String SENDING = "sending";
    private static final int MAX_LIST = 10_000;

    private final UploadDatabase db;
    private final Clock clock;
    private final PacsUploadConfig config;
    private final Object signal = new Object();
    /** Counts submissions and retries; the sender waits until it moves. Guarded by {@link #signal}. */
    private long workVersion;

    /** Present while the licence in force includes pacs-upload: only reported here, the sender is the gated one. */
    @Reference(target = "(" + LicensedModule.MODULE_PROPERTY + "=" + LicensedModule.PACS_UPLOAD + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile LicensedModule licence;

    @Activate
    public JpaPacsUpload(@Reference UploadDatabase db, PacsUploadConfig config) {
        this(db, Clock.systemUTC(), config);
    }

    JpaPacsUpload(UploadDatabase db, Clock clock, PacsUploadConfig config) {
        this.db = db;
        this.clock = clock;
        this.config = config;
    }

    @Override
    public UploadEntry submit(String poolId, String sopInstanceUid) {
        if (poolId == null || poolId.isBlank() || poolId.length() > 64) {
            throw new PacsUploadException(PacsUploadException.Reason.INVALID,
                    "A pool id of 1 to 64 characters is required: '" + poolId + "'");
        }
        if (sopInstanceUid == null || !sopInstanceUid.matches("[0-9]+(\\.[0-9]+)*") || sopInstanceUid.length() > 64) {
            throw new PacsUploadException(PacsUploadException.Reason.INVALID,
                    "Not a SOP Instance UID: '" + sopInstanceUid + "'");
        }
        UploadEntry entry = db.inTransaction(em -> {
            Instant now = clock.instant();
            UploadEntryEntity created = new UploadEntryEntity();
            created.poolId = poolId;
            created.sopInstanceUid = sopInstanceUid;
            created.submittedAt = now;
            created.requeue(now);
            em.persist(created);
            em.flush();
            return created.toEntry();
        });
        wakeSender();
        return entry;
    }

    @Override
    public List<UploadEntry> entries(UploadState state, int limit) {
        int max = Math.max(0, Math.min(limit, MAX_LIST));
        return db.inTransaction(em -> (state == null
                ? em.createQuery("select e from UploadEntryEntity e order by e.id desc", UploadEntryEntity.class)
                : em.createQuery("select e from UploadEntryEntity e where e.state = :state order by e.id desc",
                        UploadEntryEntity.class).setParameter("state", state))
                .setMaxResults(max)
                .getResultStream().map(UploadEntryEntity::toEntry).toList());
    }

    @Override
    public Optional<UploadEntry> entry(long id) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(UploadEntryEntity.class, id))
                .map(UploadEntryEntity::toEntry));
    }

    @Override
    public UploadEntry retry(long id) {
        UploadEntry entry = db.inTransaction(em -> {
            UploadEntryEntity found = em.find(UploadEntryEntity.class, id);
            if (found == null) {
                throw new PacsUploadException(PacsUploadException.Reason.NOT_FOUND, "No upload entry " + id);
            }
            if (found.state != UploadState.SENT) {
                found.requeue(clock.instant());
            }
            return found.toEntry();
        });
        wakeSender();
        return entry;
    }

    @Override
    public int retryAllFailed() {
        int count = db.inTransaction(em -> {
            Instant now = clock.instant();
            List<UploadEntryEntity> failed = em.createQuery("select e from UploadEntryEntity e where e.state = :state",
                    UploadEntryEntity.class).setParameter("state", UploadState.FAILED).getResultList();
            failed.forEach(e -> e.requeue(now));
            return failed.size();
        });
        wakeSender();
        return count;
    }

    @Override
    public UploadSummary summary() {
        return db.inTransaction(em -> {
            Map<UploadState, Long> counts = new EnumMap<>(UploadState.class);
            for (UploadState state : UploadState.values()) {
                counts.put(state, 0L);
            }
            for (Object[] row : em.createQuery("select e.state, count(e) from UploadEntryEntity e group by e.state",
                    Object[].class).getResultList()) {
                counts.put((UploadState) row[0], (Long) row[1]);
            }
            String lastError = em.createQuery("select e.lastError from UploadEntryEntity e where e.state <> :sent"
                            + " and e.lastError is not null order by e.lastAttemptAt desc, e.id desc", String.class)
                    .setParameter("sent", UploadState.SENT).setMaxResults(1).getResultStream().findFirst().orElse(null);
            return new UploadSummary(pacs(config), config.callingAeTitle(), config.sharePool(), senderState(), counts,
                    lastError);
        });
    }

    String senderState() {
        if (licence == null) {
            return WAITING_FOR_LICENCE;
        }
        return config.pacsHost().isBlank() ? NO_PACS : SENDING;
    }

    static String pacs(PacsUploadConfig config) {
        return config.pacsHost().isBlank() ? ""
                : config.calledAeTitle() + "@" + config.pacsHost() + ":" + config.pacsPort();
    }

    // --- for the sender

    /** Pending entries whose attempt is due, the longest waiting first. */
    List<UploadEntry> due(int limit) {
        return db.inTransaction(em -> em.createQuery("select e from UploadEntryEntity e where e.state = :pending"
                        + " and e.nextAttemptAt <= :now order by e.nextAttemptAt, e.id", UploadEntryEntity.class)
                .setParameter("pending", UploadState.PENDING).setParameter("now", clock.instant())
                .setMaxResults(limit).getResultStream().map(UploadEntryEntity::toEntry).toList());
    }

    /** When the next pending entry is due, if any is pending. */
    Optional<Instant> nextDue() {
        return db.inTransaction(em -> Optional.ofNullable(em.createQuery("select min(e.nextAttemptAt) from"
                        + " UploadEntryEntity e where e.state = :pending", Instant.class)
                .setParameter("pending", UploadState.PENDING).getSingleResult()));
    }

    void markSent(long id) {
        update(id, entity -> entity.sent(clock.instant()));
    }

    /**
     * Records a failed attempt; {@code policy} decides when the next one is, or that the entry is given up.
     */
    void markAttemptFailed(long id, String error, RetryPolicy policy) {
        update(id, entity -> {
            Instant now = clock.instant();
            Instant next = policy.nextAttempt(entity.attempts + 1, entity.queuedAt, now);
            entity.failedAttempt(now, next == null ? policy.givingUp(error) : error, next);
        });
    }

    /** Gives the entry up at once: retrying cannot help (the instance is gone). */
    void markFailed(long id, String error) {
        update(id, entity -> entity.failedAttempt(clock.instant(), error, null));
    }

    private void update(long id, java.util.function.Consumer<UploadEntryEntity> change) {
        db.inTransaction(em -> {
            UploadEntryEntity entity = find(em, id);
            if (entity != null && entity.state == UploadState.PENDING) {
                change.accept(entity);
            }
            return null;
        });
    }

    private static UploadEntryEntity find(EntityManager em, long id) {
        return em.find(UploadEntryEntity.class, id);
    }

    long workVersion() {
        synchronized (signal) {
            return workVersion;
        }
    }

    /** Returns when work was added after {@code seenVersion} was read, or after {@code longest}. */
    void awaitWork(long seenVersion, Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        synchronized (signal) {
            while (workVersion == seenVersion) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    private void wakeSender() {
        synchronized (signal) {
            workVersion++;
            signal.notifyAll();
        }
    }
}
