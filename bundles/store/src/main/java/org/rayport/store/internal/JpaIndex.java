package org.rayport.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import javax.persistence.Query;
import javax.persistence.TypedQuery;
import javax.sql.DataSource;

import org.rayport.persistence.Transactions;
import org.rayport.store.Page;
import org.rayport.store.Patient;
import org.rayport.store.PoolCounts;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The index tables through JPA: entering instances, finding them, searching, and removing rows. */
final class JpaIndex {

    private static final Logger LOG = LoggerFactory.getLogger(JpaIndex.class);

    /** What the index knows of a stored file, beyond its DICOM attributes. */
    record FileFacts(String transferSyntaxUid, long sizeBytes, long storedBytes, Instant receivedAt, String filePath) {
        /** The instance as the index keeps it once entered with these facts. */
        StoredInstance instance(String poolId, IndexedAttributes a) {
            return new StoredInstance(poolId, a.studyUid(), a.seriesUid(), a.sopInstanceUid(), a.sopClassUid(),
                    a.instanceNumber(), transferSyntaxUid, sizeBytes, storedBytes, receivedAt);
        }
    }

    /** One instance to enter: see {@link #enter}. */
    record Entry(String poolId, IndexedAttributes attributes, FileFacts facts) {
    }

    /** @param replacedFile the file of the copy this one replaced, or null */
    record Entered(StoredInstance instance, String replacedFile) {
    }

    /** An instance row as deletion sees it. */
    record Target(long instanceId, String poolId, String sopInstanceUid, String studyUid, String filePath,
                  long storedBytes) {
    }

    /** An instance row with its file: what reading it needs. */
    record InstanceRow(long id, StoredInstance instance, String filePath) {
        Target target() {
            return new Target(id, instance.poolId(), instance.sopInstanceUid(), instance.studyInstanceUid(), filePath,
                    instance.storedBytes());
        }
    }

    private static final int ATTEMPTS = 3;
    private static final int CHUNK = 500;

    /** What {@link #row} reads: the instance row as {@link StoredInstance} with its id and file. */
    private static final String INSTANCE_COLUMNS = "SELECT i.pool_id, st.study_uid, s.series_uid, i.sop_uid,"
            + " i.sop_class_uid, i.instance_number, i.transfer_syntax, i.size_bytes, i.stored_bytes, i.received_at,"
            + " i.file_path, i.id";

    /**
     * The order of {@link #instancesOfSeries}, limited to one row. The series' rows come through the index on
     * {@code series_ref} and are sorted: on H2, 500 rows take about 60 microseconds, and an index in this order was not
     * used for the sort (EXPLAIN), so none was added.
     */
    private static final String FIRST_OF_SERIES = INSTANCE_COLUMNS + " FROM rp_series s"
            + " JOIN rp_study st ON st.id = s.study_ref JOIN rp_instance i ON i.series_ref = s.id"
            + " WHERE s.pool_id = ? AND s.series_uid = ?"
            + " ORDER BY i.instance_number ASC NULLS LAST, i.sop_uid FETCH FIRST 1 ROWS ONLY";

    /** One instance by its unique key (pool, SOP Instance UID). */
    private static final String INSTANCE = INSTANCE_COLUMNS + " FROM rp_instance i"
            + " JOIN rp_series s ON s.id = i.series_ref JOIN rp_study st ON st.id = s.study_ref"
            + " WHERE i.pool_id = ? AND i.sop_uid = ?";

    private final Transactions tx;
    private final InstanceRowWriter rows;
    private final DataSource dataSource;

    /** @param dataSource the data source of {@code factory}, for the plain JDBC paths ({@link #enter}, {@link #firstOfSeries}) */
    JpaIndex(EntityManagerFactory factory, DataSource dataSource) {
        this.tx = new Transactions(factory);
        this.rows = new InstanceRowWriter(dataSource);
        this.dataSource = dataSource;
    }

    /**
     * Enters (or replaces) an instance with its patient, study and series, in one transaction. Two stores creating the
     * same new study at once collide on a unique key; the loser retries and finds the winner's rows. The common case
     * (a new instance of a known series, nothing to fill in) takes the plain JDBC path of {@link InstanceRowWriter}.
     */
    Entered enter(String poolId, IndexedAttributes a, FileFacts facts) {
        for (int attempt = 1; ; attempt++) {
            try {
                Entered common = rows.enter(poolId, a, facts);
                if (common != null) {
                    return common;
                }
                return tx.inTransaction(em -> enterOnce(em, poolId, a, facts));
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Enters several instances in order: runs of the common case share one transaction (one commit for many rows),
     * the others go through {@link #enter} one by one, each under its lock from {@code locks}.
     *
     * @return the entered instances at their entries' positions; null where an entry failed, which left nothing of it
     *     in the index (a failed run of common entries is rolled back whole, and its entries go one by one)
     */
    Entered[] enterAll(List<Entry> entries, Function<Entry, Object> locks) {
        Entered[] entered = new Entered[entries.size()];
        int next = 0;
        while (next < entries.size()) {
            try {
                next += rows.enterCommonRun(entries, next, entered);
            } catch (PersistenceException e) {
                LOG.debug("Entering {} instances together failed, now one by one: {}", entries.size() - next,
                        e.getMessage());
            }
            if (next < entries.size()) {
                Entry entry = entries.get(next);
                try {
                    synchronized (locks.apply(entry)) {
                        entered[next] = enter(entry.poolId(), entry.attributes(), entry.facts());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Entering instance {} failed: {}", entry.attributes().sopInstanceUid(), e.getMessage());
                }
                next++;
            }
        }
        return entered;
    }

    private Entered enterOnce(EntityManager em, String poolId, IndexedAttributes a, FileFacts facts) {
        PatientEntity patient = single(em.createQuery("select p from PatientEntity p where p.poolId = :pool"
                + " and p.patientId = :id", PatientEntity.class).setParameter("pool", poolId)
                .setParameter("id", a.patientId()));
        if (patient == null) {
            patient = new PatientEntity();
            patient.poolId = poolId;
            patient.patientId = a.patientId();
            patient.name = a.patientName();
            patient.nameSearch = IndexedAttributes.searchForm(a.patientName());
            patient.birthDate = a.birthDate();
            patient.sex = a.sex();
            em.persist(patient);
            em.flush();
        } else {
            if (patient.name.isEmpty() && !a.patientName().isEmpty()) {
                patient.name = a.patientName();
                patient.nameSearch = IndexedAttributes.searchForm(a.patientName());
                em.createQuery("update StudyEntity st set st.nameKey = :key where st.patientRef = :patient")
                        .setParameter("key", patient.nameSearch).setParameter("patient", patient.id).executeUpdate();
            }
            patient.birthDate = patient.birthDate != null ? patient.birthDate : a.birthDate();
            patient.sex = patient.sex.isEmpty() ? a.sex() : patient.sex;
        }
        // Locked until commit: the study's counts and modalities are read, changed and written back, and concurrent
        // stores into the same study (several associations) must not lose each other's increments.
        StudyEntity study = single(em.createQuery("select s from StudyEntity s where s.poolId = :pool"
                + " and s.studyUid = :uid", StudyEntity.class).setParameter("pool", poolId)
                .setParameter("uid", a.studyUid()).setLockMode(LockModeType.PESSIMISTIC_WRITE));
        if (study == null) {
            study = new StudyEntity();
            study.poolId = poolId;
            study.studyUid = a.studyUid();
            study.patientRef = patient.id;
            study.studyDate = a.studyDate();
            study.studyTime = a.studyTime();
            study.description = a.studyDescription();
            study.accessionNumber = a.accessionNumber();
            study.referringPhysician = a.referringPhysician();
            study.studyId = a.studyId();
            study.lastReceivedAt = facts.receivedAt();
            study.nameKey = patient.nameSearch;
            em.persist(study);
            em.flush();
        } else {
            study.studyDate = study.studyDate != null ? study.studyDate : a.studyDate();
            study.studyTime = study.studyTime != null ? study.studyTime : a.studyTime();
            study.description = study.description.isEmpty() ? a.studyDescription() : study.description;
            study.accessionNumber = study.accessionNumber.isEmpty() ? a.accessionNumber() : study.accessionNumber;
            study.referringPhysician = study.referringPhysician.isEmpty() ? a.referringPhysician()
                    : study.referringPhysician;
            study.studyId = study.studyId.isEmpty() ? a.studyId() : study.studyId;
            if (study.lastReceivedAt.isBefore(facts.receivedAt())) {
                study.lastReceivedAt = facts.receivedAt();
            }
        }
        SeriesEntity series = single(em.createQuery("select s from SeriesEntity s where s.poolId = :pool"
                + " and s.seriesUid = :uid", SeriesEntity.class).setParameter("pool", poolId)
                .setParameter("uid", a.seriesUid()));
        if (series == null) {
            series = new SeriesEntity();
            series.poolId = poolId;
            series.seriesUid = a.seriesUid();
            series.studyRef = study.id;
            series.modality = a.modality();
            series.seriesNumber = a.seriesNumber();
            series.description = a.seriesDescription();
            series.bodyPart = a.bodyPart();
            em.persist(series);
            em.flush();
            study.seriesCount++;
            study.modalities = withModality(study.modalities, series.modality);
        } else {
            if (series.modality.isEmpty() && !a.modality().isEmpty()) {
                series.modality = a.modality();
                study.modalities = withModality(study.modalities, series.modality);
            }
            series.seriesNumber = series.seriesNumber != null ? series.seriesNumber : a.seriesNumber();
            series.description = series.description.isEmpty() ? a.seriesDescription() : series.description;
            series.bodyPart = series.bodyPart.isEmpty() ? a.bodyPart() : series.bodyPart;
        }
        InstanceEntity instance = single(em.createQuery("select i from InstanceEntity i where i.poolId = :pool"
                + " and i.sopUid = :uid", InstanceEntity.class).setParameter("pool", poolId)
                .setParameter("uid", a.sopInstanceUid()));
        String replaced = null;
        Long formerSeries = null;
        if (instance == null) {
            instance = new InstanceEntity();
            instance.poolId = poolId;
            instance.sopUid = a.sopInstanceUid();
            study.instanceCount++;
            study.sizeBytes += facts.sizeBytes();
        } else {
            // The same file entered again (a retry whose first attempt did commit) replaces nothing.
            replaced = instance.filePath.equals(facts.filePath()) ? null : instance.filePath;
            formerSeries = instance.seriesRef;
            if (formerSeries.equals(series.id)) {
                study.sizeBytes += facts.sizeBytes() - instance.sizeBytes;
            }
        }
        instance.seriesRef = series.id;
        instance.sopClassUid = a.sopClassUid();
        instance.instanceNumber = a.instanceNumber();
        instance.transferSyntax = facts.transferSyntaxUid();
        instance.sizeBytes = facts.sizeBytes();
        instance.storedBytes = facts.storedBytes();
        instance.receivedAt = facts.receivedAt();
        instance.filePath = facts.filePath();
        if (instance.id == null) {
            em.persist(instance);
        }
        em.flush();
        if (formerSeries != null && !formerSeries.equals(series.id)) {
            // The new copy moved to another series, maybe of another study: rare, so both studies are recounted.
            List<Long> studies = new ArrayList<>(studiesOf(em, List.of(formerSeries)));
            studies.add(study.id);
            removeEmpty(em, List.of(formerSeries));
            recount(em, studies);
            em.refresh(study);
        }
        return new Entered(toStored(instance, series, study), replaced);
    }

    Optional<Target> target(String poolId, String sopInstanceUid) {
        return instanceRow(poolId, sopInstanceUid).map(InstanceRow::target);
    }

    Optional<StoredInstance> instance(String poolId, String sopInstanceUid) {
        return instanceRow(poolId, sopInstanceUid).map(InstanceRow::instance);
    }

    /**
     * The instance with its file, in one statement in plain JDBC: every read of an instance (a download's, a
     * lease's) asks this, and Hibernate's transaction and session set-up cost more than the indexed read itself.
     */
    Optional<InstanceRow> instanceRow(String poolId, String sopInstanceUid) {
        return row(INSTANCE, poolId, sopInstanceUid, "instance " + sopInstanceUid);
    }

    /** File paths of those of {@code sopUids} the pool holds, by SOP Instance UID; a query per {@value #CHUNK}. */
    Map<String, String> filesOf(String poolId, List<String> sopUids) {
        Map<String, String> files = new HashMap<>();
        for (int from = 0; from < sopUids.size(); from += CHUNK) {
            List<String> chunk = sopUids.subList(from, Math.min(sopUids.size(), from + CHUNK));
            tx.inTransaction(em -> {
                em.createQuery("select i.sopUid, i.filePath from InstanceEntity i where i.poolId = :pool"
                                + " and i.sopUid in :uids", Object[].class)
                        .setParameter("pool", poolId).setParameter("uids", chunk).getResultStream()
                        .forEach(row -> files.put((String) row[0], (String) row[1]));
                return null;
            });
        }
        return files;
    }

    List<Target> targetsOfSeries(String poolId, String seriesUid) {
        return targets("s.poolId = :pool and s.seriesUid = :uid", poolId, seriesUid);
    }

    List<Target> targetsOfStudy(String poolId, String studyUid) {
        return targets("st.poolId = :pool and st.studyUid = :uid", poolId, studyUid);
    }

    private List<Target> targets(String where, String poolId, String uid) {
        return tx.inTransaction(em -> em.createQuery("select i.id, i.poolId, i.sopUid, st.studyUid, i.filePath,"
                        + " i.storedBytes from InstanceEntity i, SeriesEntity s, StudyEntity st"
                        + " where s.id = i.seriesRef and st.id = s.studyRef and " + where + " order by i.id",
                Object[].class).setParameter("pool", poolId).setParameter("uid", uid).getResultStream()
                .map(row -> new Target((Long) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], (Long) row[5]))
                .collect(Collectors.toList()));
    }

    /** Study UIDs of the pool whose newest instance arrived before {@code cutoff}, least recent first. */
    List<String> studiesReceivedBefore(String poolId, Instant cutoff) {
        return tx.inTransaction(em -> em.createQuery("select st.studyUid from StudyEntity st where st.poolId = :pool"
                        + " and st.lastReceivedAt < :cutoff order by st.lastReceivedAt, st.id", String.class)
                .setParameter("pool", poolId).setParameter("cutoff", cutoff).getResultList());
    }

    /** Pool and UID of studies, least recently received first, after the given position in that order. */
    List<Object[]> studiesByAge(Instant afterReceived, long afterId, int limit) {
        return tx.inTransaction(em -> em.createQuery("select st.poolId, st.studyUid, st.lastReceivedAt, st.id"
                        + " from StudyEntity st where st.lastReceivedAt > :t or (st.lastReceivedAt = :t and st.id > :id)"
                        + " order by st.lastReceivedAt, st.id", Object[].class)
                .setParameter("t", afterReceived).setParameter("id", afterId).setMaxResults(limit).getResultList());
    }

    /**
     * Removes instance rows, and the series, studies and patients left without any. A row is removed only if it
     * still points to the file the target names: a copy that replaced it meanwhile stays.
     *
     * @return the ids of the rows removed
     */
    Set<Long> remove(List<Target> targets) {
        if (targets.isEmpty()) {
            return Set.of();
        }
        return tx.inTransaction(em -> {
            Set<Long> removed = new HashSet<>();
            for (int from = 0; from < targets.size(); from += CHUNK) {
                List<Target> chunk = targets.subList(from, Math.min(targets.size(), from + CHUNK));
                List<Long> ids = chunk.stream().map(Target::instanceId).collect(Collectors.toList());
                List<Long> series = em.createQuery("select distinct i.seriesRef from InstanceEntity i"
                        + " where i.id in :ids", Long.class).setParameter("ids", ids).getResultList();
                List<Long> studies = studiesOf(em, series);
                Query delete = em.createQuery("delete from InstanceEntity i where i.id = :id and i.filePath = :file");
                for (Target t : chunk) {
                    if (delete.setParameter("id", t.instanceId()).setParameter("file", t.filePath()).executeUpdate() > 0) {
                        removed.add(t.instanceId());
                    }
                }
                removeEmpty(em, series);
                recount(em, studies);
            }
            return removed;
        });
    }

    private static List<Long> studiesOf(EntityManager em, List<Long> seriesIds) {
        if (seriesIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select distinct s.studyRef from SeriesEntity s where s.id in :ids", Long.class)
                .setParameter("ids", seriesIds).getResultList();
    }

    /**
     * Counts the series, instances, bytes and modalities of studies again from their rows, after removals. The study
     * rows are locked first, so a store into one of them waits for this transaction, or this one for it.
     */
    private static void recount(EntityManager em, List<Long> studyIds) {
        if (studyIds.isEmpty()) {
            return;
        }
        List<StudyEntity> studies = em.createQuery("select st from StudyEntity st where st.id in :ids order by st.id",
                StudyEntity.class).setParameter("ids", studyIds).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (studies.isEmpty()) {
            return;
        }
        Map<Long, TreeSet<String>> modalities = new HashMap<>();
        for (Object[] m : em.createQuery("select distinct s.studyRef, s.modality from SeriesEntity s"
                + " where s.studyRef in :ids", Object[].class).setParameter("ids", studyIds).getResultList()) {
            if (!((String) m[1]).isEmpty()) {
                modalities.computeIfAbsent((Long) m[0], k -> new TreeSet<>()).add((String) m[1]);
            }
        }
        Map<Long, Object[]> sizes = new HashMap<>();
        for (Object[] c : em.createQuery("select s.studyRef, count(distinct s.id), count(i.id), sum(i.sizeBytes)"
                + " from SeriesEntity s, InstanceEntity i where i.seriesRef = s.id and s.studyRef in :ids"
                + " group by s.studyRef", Object[].class).setParameter("ids", studyIds).getResultList()) {
            sizes.put((Long) c[0], c);
        }
        for (StudyEntity st : studies) {
            Object[] size = sizes.getOrDefault(st.id, new Object[] {st.id, 0L, 0L, 0L});
            st.seriesCount = ((Number) size[1]).intValue();
            st.instanceCount = ((Number) size[2]).intValue();
            st.sizeBytes = size[3] == null ? 0 : ((Number) size[3]).longValue();
            StringBuilder list = new StringBuilder(",");
            modalities.getOrDefault(st.id, new TreeSet<>()).forEach(m -> list.append(m).append(','));
            st.modalities = list.toString();
        }
        em.flush();
    }

    /** {@code modalities} (",CT,MR,") with {@code modality} added in code point order, if not already there. */
    static String withModality(String modalities, String modality) {
        if (modality.isEmpty() || modalities.contains("," + modality + ",")) {
            return modalities;
        }
        TreeSet<String> all = new TreeSet<>(modalitiesOf(modalities));
        all.add(modality);
        StringBuilder list = new StringBuilder(",");
        all.forEach(m -> list.append(m).append(','));
        return list.toString();
    }

    static List<String> modalitiesOf(String modalities) {
        List<String> list = new ArrayList<>();
        for (String m : modalities.split(",")) {
            if (!m.isEmpty()) {
                list.add(m);
            }
        }
        return list;
    }

    private static void removeEmpty(EntityManager em, List<Long> seriesIds) {
        if (seriesIds.isEmpty()) {
            return;
        }
        List<Long> studies = em.createQuery("select distinct s.studyRef from SeriesEntity s where s.id in :ids",
                Long.class).setParameter("ids", seriesIds).getResultList();
        em.createQuery("delete from SeriesEntity s where s.id in :ids and not exists"
                + " (select i.id from InstanceEntity i where i.seriesRef = s.id)").setParameter("ids", seriesIds)
                .executeUpdate();
        if (studies.isEmpty()) {
            return;
        }
        List<Long> patients = em.createQuery("select distinct st.patientRef from StudyEntity st where st.id in :ids",
                Long.class).setParameter("ids", studies).getResultList();
        em.createQuery("delete from StudyEntity st where st.id in :ids and not exists"
                + " (select s.id from SeriesEntity s where s.studyRef = st.id)").setParameter("ids", studies)
                .executeUpdate();
        em.createQuery("delete from PatientEntity p where p.id in :ids and not exists"
                + " (select st.id from StudyEntity st where st.patientRef = p.id)").setParameter("ids", patients)
                .executeUpdate();
    }

    /**
     * One page is one query on the study table (joined to its patient by primary key): the patient name prefix is
     * matched on the study's own name key through the index {@code (pool_id, name_key)}, and modalities, counts and
     * sizes are columns of the study row. The total is a count on the same index, left out when the query asks so.
     */
    Page<StudyRecord> searchStudies(StudyQuery q) {
        if (q.pools().isEmpty()) {
            return new Page<>(List.of(), q.countTotal() ? 0 : Page.TOTAL_NOT_COUNTED, q.offset(), q.limit());
        }
        StringBuilder where = new StringBuilder(" where st.poolId in :pools");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("pools", q.pools());
        if (q.patientName() != null && !IndexedAttributes.searchForm(q.patientName()).isEmpty()) {
            where.append(" and st.nameKey like :name escape '\\'");
            parameters.put("name", escapeLike(IndexedAttributes.searchPrefix(q.patientName())) + "%");
        }
        if (q.accessionNumber() != null) {
            where.append(" and st.accessionNumber = :accession");
            parameters.put("accession", q.accessionNumber());
        }
        if (q.studyDateFrom() != null) {
            where.append(" and st.studyDate >= :from");
            parameters.put("from", q.studyDateFrom());
        }
        if (q.studyDateTo() != null) {
            where.append(" and st.studyDate <= :to");
            parameters.put("to", q.studyDateTo());
        }
        if (q.modality() != null) {
            where.append(" and st.modalities like :modality escape '\\'");
            parameters.put("modality", "%," + escapeLike(q.modality()) + ",%");
        }
        boolean byPatient = q.patientId() != null;
        if (byPatient) {
            where.append(" and p.patientId = :patientId");
            parameters.put("patientId", q.patientId());
        }
        String direction = q.descending() ? " desc" : " asc";
        String column;
        switch (q.sort()) {
            case PATIENT_NAME: column = "st.nameKey"; break;
            case PATIENT_ID: column = "p.patientId"; break;
            case ACCESSION_NUMBER: column = "st.accessionNumber"; break;
            case LAST_RECEIVED: column = "st.lastReceivedAt"; break;
            default: column = "st.studyDate"; break;
        }
        String order = " order by " + column + direction + " nulls last, st.id" + direction;
        return tx.inTransaction(em -> {
            TypedQuery<Object[]> rows = em.createQuery("select st, p from StudyEntity st join PatientEntity p"
                    + " on p.id = st.patientRef" + where + order, Object[].class);
            parameters.forEach(rows::setParameter);
            List<Object[]> found = rows.setFirstResult(q.offset()).setMaxResults(q.limit()).getResultList();
            long total = Page.TOTAL_NOT_COUNTED;
            if (q.countTotal()) {
                // Without a patient criterion the count needs the study table only.
                TypedQuery<Long> count = em.createQuery("select count(st.id) from StudyEntity st"
                        + (byPatient ? " join PatientEntity p on p.id = st.patientRef" : "") + where, Long.class);
                parameters.forEach(count::setParameter);
                total = count.getSingleResult();
            }
            return new Page<>(toStudies(found), total, q.offset(), q.limit());
        });
    }

    Optional<StudyRecord> study(String poolId, String studyUid) {
        return tx.inTransaction(em -> toStudies(em.createQuery("select st, p from StudyEntity st, PatientEntity p"
                        + " where p.id = st.patientRef and st.poolId = :pool and st.studyUid = :uid", Object[].class)
                .setParameter("pool", poolId).setParameter("uid", studyUid).getResultList()).stream().findFirst());
    }

    private static List<StudyRecord> toStudies(List<Object[]> rows) {
        List<StudyRecord> studies = new ArrayList<>();
        for (Object[] row : rows) {
            StudyEntity st = (StudyEntity) row[0];
            PatientEntity p = (PatientEntity) row[1];
            studies.add(new StudyRecord(st.poolId, st.studyUid,
                    new Patient(p.patientId, p.name, p.birthDate, p.sex), st.studyDate, st.studyTime,
                    st.description, st.accessionNumber, st.referringPhysician, st.studyId,
                    modalitiesOf(st.modalities), st.seriesCount, st.instanceCount, st.sizeBytes, st.lastReceivedAt));
        }
        return studies;
    }

    List<SeriesRecord> series(String poolId, String studyUid) {
        return tx.inTransaction(em -> em.createQuery("select s, count(i.id), sum(i.sizeBytes)"
                        + " from SeriesEntity s, StudyEntity st, InstanceEntity i where st.id = s.studyRef"
                        + " and i.seriesRef = s.id and st.poolId = :pool and st.studyUid = :uid"
                        + " group by s.id, s.studyRef, s.poolId, s.seriesUid, s.modality, s.seriesNumber,"
                        + " s.description, s.bodyPart"
                        + " order by s.seriesNumber asc nulls last, s.seriesUid", Object[].class)
                .setParameter("pool", poolId).setParameter("uid", studyUid).getResultStream()
                .map(row -> {
                    SeriesEntity s = (SeriesEntity) row[0];
                    return new SeriesRecord(s.poolId, studyUid, s.seriesUid, s.modality, s.seriesNumber,
                            s.description, s.bodyPart, ((Number) row[1]).intValue(),
                            row[2] == null ? 0 : ((Number) row[2]).longValue());
                }).collect(Collectors.toList()));
    }

    /**
     * Read as plain columns, not entities: a download lists hundreds of instances, and managed entities would each be
     * built, snapshotted and dirty-checked at commit for nothing.
     */
    List<StoredInstance> instances(String poolId, String seriesUid) {
        return instancesOfSeries(poolId, seriesUid, Integer.MAX_VALUE);
    }

    /** The first of {@link #instances}: what a download begins with before the rest is listed. */
    Optional<StoredInstance> firstInstance(String poolId, String seriesUid) {
        return firstOfSeries(poolId, seriesUid).map(InstanceRow::instance);
    }

    /** The first of {@link #instances} and its file, in one statement (as {@link #instanceRow}). */
    Optional<InstanceRow> firstOfSeries(String poolId, String seriesUid) {
        return row(FIRST_OF_SERIES, poolId, seriesUid, "the first instance of series " + seriesUid);
    }

    /** The first row of {@code query} (columns {@link #INSTANCE_COLUMNS}), on a pooled connection in auto-commit. */
    private Optional<InstanceRow> row(String query, String poolId, String uid, String what) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, poolId);
            select.setString(2, uid);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int number = row.getInt(6);
                Integer instanceNumber = row.wasNull() ? null : number;
                // As Hibernate 5 reads an Instant (Timestamp.toInstant, the JVM's time zone): both paths read alike.
                Timestamp received = row.getTimestamp(10);
                return Optional.of(new InstanceRow(row.getLong(12), new StoredInstance(row.getString(1),
                        row.getString(2), row.getString(3), row.getString(4), row.getString(5), instanceNumber,
                        row.getString(7), row.getLong(8), row.getLong(9), received.toInstant()),
                        row.getString(11)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("Cannot read " + what + " in pool '" + poolId + "': " + e.getMessage(), e);
        }
    }

    private List<StoredInstance> instancesOfSeries(String poolId, String seriesUid, int limit) {
        return tx.inTransaction(em -> em.createQuery("select i.poolId, st.studyUid, s.seriesUid, i.sopUid,"
                        + " i.sopClassUid, i.instanceNumber, i.transferSyntax, i.sizeBytes, i.storedBytes, i.receivedAt"
                        + " from InstanceEntity i, SeriesEntity s, StudyEntity st where s.id = i.seriesRef"
                        + " and st.id = s.studyRef and s.poolId = :pool and s.seriesUid = :uid"
                        + " order by i.instanceNumber asc nulls last, i.sopUid", Object[].class)
                .setParameter("pool", poolId).setParameter("uid", seriesUid).setMaxResults(limit).getResultStream()
                .map(row -> new StoredInstance((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], (Integer) row[5], (String) row[6], (Long) row[7], (Long) row[8],
                        (Instant) row[9]))
                .collect(Collectors.toList()));
    }

    Map<String, PoolCounts> countsPerPool() {
        return tx.inTransaction(em -> {
            Map<String, long[]> counts = new LinkedHashMap<>();
            for (Object[] row : em.createQuery("select i.poolId, count(i.id), sum(i.sizeBytes), sum(i.storedBytes)"
                    + " from InstanceEntity i group by i.poolId order by i.poolId", Object[].class).getResultList()) {
                counts.put((String) row[0], new long[] {0, 0, 0, ((Number) row[1]).longValue(),
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue()});
            }
            countInto(em, counts, "select p.poolId, count(p.id) from PatientEntity p group by p.poolId", 0);
            countInto(em, counts, "select st.poolId, count(st.id) from StudyEntity st group by st.poolId", 1);
            countInto(em, counts, "select s.poolId, count(s.id) from SeriesEntity s group by s.poolId", 2);
            Map<String, PoolCounts> result = new LinkedHashMap<>();
            counts.forEach((pool, c) -> result.put(pool, new PoolCounts(pool, c[0], c[1], c[2], c[3], c[4], c[5])));
            return result;
        });
    }

    private static void countInto(EntityManager em, Map<String, long[]> counts, String query, int slot) {
        for (Object[] row : em.createQuery(query, Object[].class).getResultList()) {
            long[] c = counts.get((String) row[0]);
            if (c != null) {
                c[slot] = ((Number) row[1]).longValue();
            }
        }
    }

    private static StoredInstance toStored(InstanceEntity i, SeriesEntity s, StudyEntity st) {
        return new StoredInstance(i.poolId, st.studyUid, s.seriesUid, i.sopUid, i.sopClassUid, i.instanceNumber,
                i.transferSyntax, i.sizeBytes, i.storedBytes, i.receivedAt);
    }

    private static <T> T single(TypedQuery<T> query) {
        List<T> found = query.setMaxResults(1).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && "23505".equals(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
