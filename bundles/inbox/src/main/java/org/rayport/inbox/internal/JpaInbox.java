package org.rayport.inbox.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.inbox.InboxEntry;
import org.rayport.inbox.InboxService;
import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.people.User;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;
import org.rayport.store.DatasetIndex;
import org.rayport.store.StudyRecord;

/**
 * Inbox entries in the database; patient, date, description and modalities are read from the store's index when
 * listed, so that this table holds no patient data. Who gets an entry is decided when instances arrive: the users the
 * pool is granted to and the members of its enabled groups, enabled users only, never for a cache pool or a disabled
 * pool. Who sees an entry is decided when it is read ({@link PoolService#visibleTo}), so a withdrawn grant hides it.
 */
@Component(service = {InboxService.class, JpaInbox.class})
public class JpaInbox implements InboxService {

    static final int MAX_LIMIT = 500;

    private final InboxDatabase db;
    private final PoolService pools;
    private final PeopleService people;
    private final DatasetIndex index;

    @Activate
    public JpaInbox(@Reference InboxDatabase db, @Reference PoolService pools, @Reference PeopleService people,
                    @Reference DatasetIndex index) {
        this.db = db;
        this.pools = pools;
        this.people = people;
        this.index = index;
    }

    /** Enabled users the pool is granted to, directly or through an enabled group; none for a cache pool. */
    Set<String> recipients(String poolId) {
        Optional<Pool> found = pools.pool(poolId);
        if (found.isEmpty() || found.get().options().cachePool() || !found.get().options().enabled()) {
            return Set.of();
        }
        Pool pool = found.get();
        Set<String> candidates = new TreeSet<>(pool.users());
        for (String groupId : pool.groups()) {
            people.group(groupId).filter(Group::enabled).ifPresent(group -> candidates.addAll(group.members()));
        }
        candidates.removeIf(userId -> !people.user(userId).map(User::enabled).orElse(false));
        return candidates;
    }

    /** Enters a batch of arrivals in one transaction; answers every entry that was created or grew. */
    List<InboxChange> record(Collection<StudyArrivals> arrivals) {
        List<InboxChange> changes = db.inTransaction(em -> {
            List<InboxChange> changed = new ArrayList<>();
            for (StudyArrivals arrival : arrivals) {
                for (String userId : recipients(arrival.poolId())) {
                    InboxEntryEntity entry = em.find(InboxEntryEntity.class,
                            new InboxEntryEntity.Key(userId, arrival.poolId(), arrival.studyUid()));
                    if (entry == null) {
                        entry = new InboxEntryEntity();
                        entry.userId = userId;
                        entry.poolId = arrival.poolId();
                        entry.studyUid = arrival.studyUid();
                        entry.firstArrival = arrival.first();
                        entry.lastArrival = arrival.last();
                        entry.instanceCount = arrival.instances();
                        em.persist(entry);
                    } else {
                        entry.instanceCount += arrival.instances();
                        if (arrival.last().isAfter(entry.lastArrival)) {
                            entry.lastArrival = arrival.last();
                        }
                    }
                    // Instances that arrive after the user opened the study make it new again: it changed.
                    entry.seen = false;
                    changed.add(new InboxChange(userId, entry.poolId, entry.studyUid, null, entry.instanceCount));
                }
            }
            return changed;
        });
        List<InboxChange> named = new ArrayList<>(changes.size());
        for (InboxChange change : changes) {
            String patient = index.study(change.poolId(), change.studyUid()).map(s -> s.patient().name()).orElse(null);
            named.add(new InboxChange(change.userId(), change.poolId(), change.studyUid(), patient, change.instances()));
        }
        return named;
    }

    @Override
    public List<InboxEntry> entries(String userId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 to " + MAX_LIMIT + ": offset "
                    + offset + ", limit " + limit);
        }
        Set<String> visible = pools.visibleTo(userId);
        if (visible.isEmpty()) {
            return List.of();
        }
        List<InboxEntryEntity> rows = db.inTransaction(em -> em.createQuery("select e from InboxEntryEntity e"
                        + " where e.userId = :user and e.poolId in :pools"
                        + " order by e.lastArrival desc, e.poolId, e.studyUid", InboxEntryEntity.class)
                .setParameter("user", userId).setParameter("pools", visible)
                .setFirstResult(offset).setMaxResults(limit).getResultList());
        List<InboxEntry> entries = new ArrayList<>(rows.size());
        for (InboxEntryEntity row : rows) {
            Optional<StudyRecord> study = index.study(row.poolId, row.studyUid);
            entries.add(new InboxEntry(row.poolId, row.studyUid, study.map(s -> s.patient().name()).orElse(null),
                    study.map(StudyRecord::studyDate).orElse(null), study.map(StudyRecord::description).orElse(null),
                    study.map(StudyRecord::modalitiesInStudy).orElse(List.of()), row.instanceCount, row.firstArrival,
                    row.lastArrival, row.seen));
        }
        return entries;
    }

    @Override
    public int unseenCount(String userId) {
        Set<String> visible = pools.visibleTo(userId);
        if (visible.isEmpty()) {
            return 0;
        }
        return db.inTransaction(em -> em.createQuery("select count(e) from InboxEntryEntity e where e.userId = :user"
                        + " and e.poolId in :pools and e.seen = false", Long.class)
                .setParameter("user", userId).setParameter("pools", visible).getSingleResult()).intValue();
    }

    @Override
    public boolean markSeen(String userId, String poolId, String studyInstanceUid) {
        return pools.visibleTo(userId).contains(poolId) && db.inTransaction(em -> update(em,
                "update InboxEntryEntity e set e.seen = true", userId, poolId, studyInstanceUid)) > 0;
    }

    @Override
    public boolean dismiss(String userId, String poolId, String studyInstanceUid) {
        return pools.visibleTo(userId).contains(poolId) && db.inTransaction(em -> update(em,
                "delete from InboxEntryEntity e", userId, poolId, studyInstanceUid)) > 0;
    }

    private static int update(EntityManager em, String statement, String userId, String poolId, String studyUid) {
        return em.createQuery(statement + " where e.userId = :user and e.poolId = :pool and e.studyUid = :study")
                .setParameter("user", userId).setParameter("pool", poolId).setParameter("study", studyUid)
                .executeUpdate();
    }
}
