package org.rayport.inbox.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rayport.store.DatasetIndex;
import org.rayport.store.Page;
import org.rayport.store.Patient;
import org.rayport.store.PoolCounts;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

/**
 * Study records by pool and UID. The real index is the encrypted store's, whose constructor is private to its bundle;
 * InboxIT reads it in the distribution. Only {@link #study} is used by the inbox.
 */
final class TestIndex implements DatasetIndex {

    private final Map<String, StudyRecord> studies = new HashMap<>();

    void put(String pool, String studyUid, String patientName, String description, String... modalities) {
        studies.put(pool + "/" + studyUid, new StudyRecord(pool, studyUid, new Patient("P-" + patientName,
                patientName, null, null), LocalDate.of(2030, 3, 1), null, description, null, null, null,
                List.of(modalities), 1, 1, 1, Instant.EPOCH));
    }

    @Override
    public Optional<StudyRecord> study(String poolId, String studyInstanceUid) {
        return Optional.ofNullable(studies.get(poolId + "/" + studyInstanceUid));
    }

    @Override
    public Page<StudyRecord> searchStudies(StudyQuery query) {
        throw new UnsupportedOperationException("not used by the inbox");
    }

    @Override
    public List<SeriesRecord> series(String poolId, String studyInstanceUid) {
        throw new UnsupportedOperationException("not used by the inbox");
    }

    @Override
    public List<StoredInstance> instances(String poolId, String seriesInstanceUid) {
        throw new UnsupportedOperationException("not used by the inbox");
    }

    @Override
    public Map<String, PoolCounts> countsPerPool() {
        throw new UnsupportedOperationException("not used by the inbox");
    }
}
